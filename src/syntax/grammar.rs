//! The pest parser generated from `grammar/kaohe.pest`.
#![allow(missing_docs)]

use pest_derive::Parser;

#[derive(Parser)]
#[grammar = "../grammar/kaohe.pest"]
pub struct KaoheGrammar;
