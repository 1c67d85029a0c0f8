//! The language of everything Kaohe says to people: diagnostics, explanations of a
//! month, report headers, the command line's help and its own messages.
//!
//! Every such text is a Project Fluent message with an English id, written once per
//! language in `locales/<lang>/kaohe.ftl` and built into the binary. Code asks for a
//! message with [`tr!`](crate::tr) and the arguments it fills in; the message file decides
//! the wording, the word order and where each argument goes. What machines read — codes,
//! JSON keys, CSV columns, the `N passed, M failed` line — is never a message.
//!
//! One language holds for the whole process: the command line chooses it once at start
//! ([`Lang::choose`]), and a library caller may [`set`] it. Until then it is English, so
//! the library and its tests say the same thing whatever the machine's locale. A message
//! missing from a language falls back to English, and a message missing from both shows
//! its id: a text can be wrong, never a panic (`tests/it/i18n.rs` keeps both files whole).

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// A language Kaohe speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Zh,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// The code of the language, as `--lang` and `KAOHE_LANG` spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// `zh`, `zh-CN`, `zh_TW.UTF-8` are Chinese; `en`, `en-GB`, `en_US.UTF-8` English.
    pub fn parse(text: &str) -> Option<Lang> {
        let primary = text.trim().split(['-', '_', '.', '@']).next().unwrap_or("").to_ascii_lowercase();
        match primary.as_str() {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language of a run: `--lang` if given, else `KAOHE_LANG` if it names a
    /// language, else the locale (the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is
    /// set and not empty, as POSIX reads them) when it is Chinese, else English.
    pub fn choose(flag: Option<Lang>, env: impl Fn(&str) -> Option<String>) -> Lang {
        if let Some(lang) = flag {
            return lang;
        }
        if let Some(lang) = env("KAOHE_LANG").as_deref().and_then(Lang::parse) {
            return lang;
        }
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].into_iter().find_map(|v| env(v).filter(|s| !s.is_empty()));
        match locale {
            Some(l) if l.to_ascii_lowercase().starts_with("zh") => Lang::Zh,
            _ => Lang::En,
        }
    }

    /// The message file of the language, as built into the binary.
    pub fn messages(self) -> &'static str {
        match self {
            Lang::En => include_str!("../locales/en/kaohe.ftl"),
            Lang::Zh => include_str!("../locales/zh/kaohe.ftl"),
        }
    }
}

static CURRENT: AtomicU8 = AtomicU8::new(0);

/// Makes `lang` the language of everything said from now on, in every thread.
pub fn set(lang: Lang) {
    CURRENT.store(lang as u8, Ordering::Relaxed);
}

/// The language in use.
pub fn current() -> Lang {
    match CURRENT.load(Ordering::Relaxed) {
        1 => Lang::Zh,
        _ => Lang::En,
    }
}

static BUNDLES: LazyLock<[FluentBundle<FluentResource>; 2]> = LazyLock::new(|| Lang::ALL.map(bundle));

fn bundle(lang: Lang) -> FluentBundle<FluentResource> {
    let id: unic_langid::LanguageIdentifier = lang.as_str().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // A terminal tool: no invisible bidi isolation marks around arguments.
    bundle.set_use_isolating(false);
    // A file that does not parse keeps the messages that do (the test refuses it).
    let resource = FluentResource::try_new(lang.messages().to_string()).unwrap_or_else(|(partial, _)| partial);
    let _ = bundle.add_resource(resource);
    bundle
}

/// The message `id` in the current language with `args` filled in.
pub fn message(id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    message_in(current(), id, args)
}

/// The message `id` in `lang` with `args` filled in; English where `lang` lacks it.
pub fn message_in(lang: Lang, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    let bundles = &*BUNDLES;
    let fluent_args = (!args.is_empty()).then(|| {
        let mut a = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            a.set(*name, value.clone());
        }
        a
    });
    for b in [lang, Lang::En].map(|l| &bundles[l as usize]) {
        if let Some(pattern) = b.get_message(id).and_then(|m| m.value()) {
            let mut errors = Vec::new();
            return b.format_pattern(pattern, fluent_args.as_ref(), &mut errors).into_owned();
        }
    }
    id.to_string()
}

/// Whether the current language has the message `id` (optional texts, e.g. the help of
/// one command-line option).
pub fn has(id: &str) -> bool {
    BUNDLES[current() as usize].has_message(id)
}

/// A message of the current language: `tr!("cli-error", message = text)`.
///
/// Arguments are anything a Fluent value is made from: text (`&str`, `String`) or an
/// integer (for plural forms). Format money, dates and other values before passing them.
#[macro_export]
macro_rules! tr {
    ($id:literal $(,)?) => {
        $crate::i18n::message($id, &[])
    };
    ($id:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::message($id, &[$((stringify!($name), $crate::i18n::Arg::from($value).0)),+])
    };
}

/// [`tr!`] in the language given before a `;`, whatever the process's
/// (the workbench answers each request in the language its page asks for).
#[macro_export]
macro_rules! tr_in {
    ($lang:expr; $id:literal $(,)?) => {
        $crate::i18n::message_in($lang, $id, &[])
    };
    ($lang:expr; $id:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::message_in($lang, $id, &[$((stringify!($name), $crate::i18n::Arg::from($value).0)),+])
    };
}

/// One argument of a message (what [`tr!`](crate::tr) accepts).
pub struct Arg<'a>(pub FluentValue<'a>);

macro_rules! text_arg {
    ($($t:ty),*) => {$(
        impl<'a> From<$t> for Arg<'a> {
            fn from(v: $t) -> Arg<'a> {
                Arg(FluentValue::from(v.to_string()))
            }
        }
    )*};
}

text_arg!(String, &String, &&String, &'a str, char, rust_decimal::Decimal, &rust_decimal::Decimal);

macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl<'a> From<$t> for Arg<'a> {
            fn from(v: $t) -> Arg<'a> {
                Arg(FluentValue::from(v))
            }
        }
    )*};
}

number_arg!(usize, u32, u64, i32, i64);

impl<'a> From<&&'a str> for Arg<'a> {
    fn from(v: &&'a str) -> Arg<'a> {
        Arg(FluentValue::from(*v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| vars.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string())
    }

    #[test]
    fn the_flag_then_kaohe_lang_then_the_locale_then_english() {
        assert_eq!(Lang::choose(Some(Lang::En), env(&[("KAOHE_LANG", "zh")])), Lang::En);
        assert_eq!(Lang::choose(None, env(&[("KAOHE_LANG", "zh"), ("LANG", "en_US.UTF-8")])), Lang::Zh);
        assert_eq!(Lang::choose(None, env(&[("KAOHE_LANG", "en"), ("LC_ALL", "zh_CN.UTF-8")])), Lang::En);
        assert_eq!(Lang::choose(None, env(&[("KAOHE_LANG", "fr"), ("LANG", "zh_CN.UTF-8")])), Lang::Zh);
        assert_eq!(Lang::choose(None, env(&[("LC_ALL", "C"), ("LANG", "zh_CN.UTF-8")])), Lang::En);
        assert_eq!(Lang::choose(None, env(&[("LC_ALL", ""), ("LC_MESSAGES", "zh_TW"), ("LANG", "C")])), Lang::Zh);
        assert_eq!(Lang::choose(None, env(&[("LANG", "C.UTF-8")])), Lang::En);
        assert_eq!(Lang::choose(None, env(&[])), Lang::En);
    }

    #[test]
    fn messages_fall_back_to_english_then_to_their_id() {
        assert_eq!(message_in(Lang::Zh, "no-such-message", &[]), "no-such-message");
    }
}
