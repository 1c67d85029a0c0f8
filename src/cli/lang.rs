//! The command line in the language of the run: choosing it, the help texts, and usage
//! errors.
//!
//! The language is known before the arguments are parsed (`--lang` is read first, then
//! `KAOHE_LANG` and the locale), so that `--help` and usage errors are already in it. The
//! help of every command and option is the message `cli-<command>-<option>`; clap's own
//! words (headings, "default", "possible values", its errors) are replaced in Chinese
//! only, English keeping clap's wording as it is.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};
use kaohe::i18n::{self, Lang};
use kaohe::tr;

localised_values! {
    /// `--lang zh|en`.
    pub enum LangArg {
        Zh = "zh": "cli-value-lang-zh",
        En = "en": "cli-value-lang-en",
    }
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}

/// The language of this run, from the raw arguments and the environment.
pub fn choose(args: &[std::ffi::OsString]) -> Lang {
    let mut flag = None;
    let mut words = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        if let Some(value) = word.strip_prefix("--lang=") {
            flag = Lang::parse(value).or(flag);
        } else if word == "--lang" {
            flag = words.next().and_then(|v| Lang::parse(&v)).or(flag);
        }
    }
    Lang::choose(flag, |name| std::env::var(name).ok())
}

/// The command with its help texts in the current language.
pub fn localise(mut cmd: Command) -> Command {
    cmd.build();
    localise_command(cmd, "cli")
}

/// The message of an option's help: `cli-<command>-<option>`; else `cli-eval-<option>`
/// for the options of `eval` that other commands take too (`kaohe close`); else
/// `cli-opt-<option>` for one that several commands share (`--lang`, `--help`,
/// `--coverage`, `--ledger`).
fn arg_message(command: &str, arg: &str, has: impl Fn(&str) -> bool) -> String {
    [format!("{command}-{arg}"), format!("cli-eval-{arg}")]
        .into_iter()
        .find(|id| has(id))
        .unwrap_or_else(|| format!("cli-opt-{arg}"))
}

/// The message of a command's about: `cli-about` for Kaohe itself, else its own id.
fn about_id(id: &str) -> &str {
    if id == "cli" {
        "cli-about"
    } else {
        id
    }
}

fn localise_command(mut cmd: Command, id: &str) -> Command {
    let zh = i18n::current() == Lang::Zh;
    if i18n::has(about_id(id)) {
        cmd = cmd.about(i18n::message(about_id(id), &[]));
    }
    let args: Vec<String> = cmd.get_arguments().map(|a| a.get_id().to_string()).collect();
    for arg in args {
        let arg_id = arg_message(id, &arg, i18n::has);
        cmd = cmd.mut_arg(&arg, |a| localise_arg(a, &arg_id, zh));
    }
    let subs: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for sub in subs {
        let sub_id = format!("{id}-{sub}");
        let sub_id = if sub == "help" { "cli-help-command".to_string() } else { sub_id };
        cmd = cmd.mut_subcommand(&sub, |s| localise_command(s, &sub_id));
    }
    if zh {
        // clap's placeholders in the usage line, in Chinese.
        let usage = cmd.render_usage().to_string();
        if let Some(usage) = usage.strip_prefix("Usage: ") {
            let usage =
                usage.replace("[OPTIONS]", "[选项]").replace("[COMMAND]", "[命令]").replace("<COMMAND>", "<命令>");
            cmd = cmd.override_usage(usage);
        }
        cmd = cmd
            .help_template("{before-help}{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}")
            .subcommand_help_heading("命令")
            .subcommand_value_name("命令");
    }
    cmd
}

fn localise_arg(mut a: Arg, id: &str, zh: bool) -> Arg {
    if i18n::has(id) {
        let text = i18n::message(id, &[]);
        if a.get_long_help().is_some() {
            a = a.long_help(text.clone());
        }
        a = a.help(text);
    }
    a = localise_value_names(a);
    if !zh {
        return a;
    }
    let mut notes = Vec::new();
    let valued = takes_value(&a);
    let defaults: Vec<String> = a.get_default_values().iter().map(|v| v.to_string_lossy().into_owned()).collect();
    if valued && !defaults.is_empty() && !a.is_hide_default_value_set() {
        notes.push(format!("默认：{}", defaults.join("、")));
        a = a.hide_default_value(true);
    }
    let values = a.get_possible_values();
    let possible: Vec<String> = values.iter().map(|v| v.get_name().to_string()).collect();
    // `--help` lists each value with what it means, as clap does in English.
    let mut meanings = String::new();
    if valued && !possible.is_empty() && !a.is_hide_possible_values_set() {
        notes.push(format!("可选：{}", possible.join("、")));
        a = a.hide_possible_values(true);
        for v in values.iter().filter(|v| !v.is_hide_set()) {
            match v.get_help() {
                Some(help) => meanings.push_str(&format!("\n- {}：{help}", v.get_name())),
                None => meanings.push_str(&format!("\n- {}", v.get_name())),
            }
        }
    }
    if !notes.is_empty() {
        let help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
        let long = a.get_long_help().map(|h| h.to_string()).unwrap_or_else(|| help.clone());
        a = a.help(format!("{help}［{}］", notes.join("；")));
        if !meanings.is_empty() {
            // The values are listed below it: only the default beside the help.
            let default = notes.iter().find(|n| n.starts_with("默认")).map(|n| format!("［{n}］")).unwrap_or_default();
            a = a.long_help(format!("{long}{default}\n\n可选的值：{meanings}"));
        }
    }
    let heading = if a.is_positional() { "参数" } else { "选项" };
    a.help_heading(heading)
}

/// The names of an option's values in usage lines and help (`<MONTH>`, `<FILE>`) as the
/// language says them: the message `cli-value-name-<name>` (`<月份>`, `<文件>`).
fn localise_value_names(a: Arg) -> Arg {
    let Some(names) = a.get_value_names().filter(|_| takes_value(&a)) else { return a };
    let said: Vec<String> = names
        .iter()
        .map(|n| {
            let id = value_name_id(n.as_str());
            if i18n::has(&id) {
                i18n::message(&id, &[])
            } else {
                n.to_string()
            }
        })
        .collect();
    a.value_names(said)
}

/// Whether the argument is given a value (`--month 2024-10`), not a flag (`--write`).
fn takes_value(a: &Arg) -> bool {
    matches!(a.get_action(), ArgAction::Set | ArgAction::Append)
}

fn value_name_id(name: &str) -> String {
    format!("cli-value-name-{}", name.to_lowercase().replace('_', "-"))
}

/// Prints a usage problem Kaohe finds itself (a combination of options that cannot work);
/// the exit status of a usage error.
pub fn print_usage_problem(kind: ErrorKind, problem: &str) -> i32 {
    if i18n::current() == Lang::En {
        let _ = clap::Error::raw(kind, problem).print();
    } else {
        eprintln!("{}", tr!("cli-error", message = problem.trim_end()));
    }
    super::EXIT_USAGE
}

/// Prints a parse error or the help it stands for; the exit status it calls for.
pub fn print_error(e: &clap::Error) -> i32 {
    let code = if e.use_stderr() { super::EXIT_USAGE } else { super::EXIT_OK };
    if i18n::current() == Lang::En || !e.use_stderr() {
        let _ = e.print();
        return code;
    }
    match e.kind() {
        // Help shown because nothing was asked: clap renders it with the localised texts.
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
        }
        _ => eprint!("{}", error_text(e)),
    }
    code
}

fn text(e: &clap::Error, kind: ContextKind) -> String {
    match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join("、"),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(v)) => v.iter().map(|s| s.to_string()).collect::<Vec<_>>().join("、"),
        Some(ContextValue::Number(n)) => n.to_string(),
        Some(ContextValue::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

/// A usage error in the current language, as clap lays it out.
fn error_text(e: &clap::Error) -> String {
    let arg = text(e, ContextKind::InvalidArg);
    let value = text(e, ContextKind::InvalidValue);
    let message = match e.kind() {
        ErrorKind::UnknownArgument => tr!("cli-error-unknown-argument", arg = arg),
        ErrorKind::InvalidSubcommand => {
            tr!("cli-error-unknown-subcommand", name = text(e, ContextKind::InvalidSubcommand))
        }
        ErrorKind::InvalidValue => tr!("cli-error-invalid-value", arg = arg, value = value),
        ErrorKind::ValueValidation => {
            let reason = std::error::Error::source(e).map(|s| s.to_string()).unwrap_or_default();
            tr!("cli-error-value-validation", arg = arg, value = value, reason = reason)
        }
        ErrorKind::MissingRequiredArgument => tr!("cli-error-missing", args = arg),
        ErrorKind::ArgumentConflict if e.get(ContextKind::InvalidArg).is_some() => {
            tr!("cli-error-conflict", arg = arg, other = text(e, ContextKind::PriorArg))
        }
        ErrorKind::MissingSubcommand => tr!("cli-error-missing-subcommand"),
        // Errors Kaohe raises itself carry their (already localised) text alone.
        _ => {
            let rendered = e.render().to_string();
            let body = rendered.strip_prefix("error: ").unwrap_or(&rendered).trim_end().to_string();
            return format!("{}\n", tr!("cli-error", message = body));
        }
    };
    let mut out = format!("{}\n", tr!("cli-error", message = message));
    let valid = text(e, ContextKind::ValidValue);
    if matches!(e.kind(), ErrorKind::InvalidValue) && !valid.is_empty() {
        out.push_str(&format!("  {}\n", tr!("cli-error-possible-values", values = valid)));
    }
    for kind in [ContextKind::SuggestedArg, ContextKind::SuggestedValue, ContextKind::SuggestedSubcommand] {
        let suggested = text(e, kind);
        if !suggested.is_empty() {
            out.push_str(&format!("\n  {}\n", tr!("cli-did-you-mean", name = suggested)));
        }
    }
    let usage = text(e, ContextKind::Usage);
    if let Some(usage) = usage.strip_prefix("Usage: ") {
        out.push_str(&format!("\n用法：{usage}\n"));
    }
    out.push_str(&format!("\n{}\n", tr!("cli-more-info")));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every command and option has its help in the message files, so no text of the
    /// command line stays in one language.
    #[test]
    fn every_command_and_option_has_a_message() {
        let mut cmd = super::super::Cli::command();
        cmd.build();
        let mut missing = Vec::new();
        walk(&cmd, "cli", &mut missing);
        assert!(missing.is_empty(), "no message for: {missing:?}");
    }

    fn walk(cmd: &Command, id: &str, missing: &mut Vec<String>) {
        for lang in Lang::ALL {
            let has = |id: &str| kaohe::i18n::message_in(lang, id, &[]) != id;
            if !has(about_id(id)) {
                missing.push(format!("{} {id}", lang.as_str()));
            }
            for a in cmd.get_arguments() {
                let arg_id = arg_message(id, a.get_id().as_str(), has);
                if !has(&arg_id) {
                    missing.push(format!("{} {arg_id}", lang.as_str()));
                }
                for name in a.get_value_names().filter(|_| takes_value(a)).unwrap_or_default() {
                    let name_id = value_name_id(name.as_str());
                    if !has(&name_id) {
                        missing.push(format!("{} {name_id}", lang.as_str()));
                    }
                }
            }
        }
        // `kaohe help CMD` lists the commands again, without texts of their own.
        let subcommands = cmd.get_subcommands().filter(|_| id != "cli-help-command");
        for s in subcommands {
            let sub_id =
                if s.get_name() == "help" { "cli-help-command".to_string() } else { format!("{id}-{}", s.get_name()) };
            walk(s, &sub_id, missing);
        }
    }

    /// Every value of a value enum (`--format`'s `table` …) says what it is; the library
    /// speaks English here, so a help that is still a message id names no message.
    #[test]
    fn every_possible_value_has_a_help() {
        let mut cmd = super::super::Cli::command();
        cmd.build();
        let mut helps = Vec::new();
        values(&cmd, &mut helps);
        let without: Vec<&String> =
            helps.iter().filter(|(_, h)| h.is_empty() || h.starts_with("cli-value-")).map(|(v, _)| v).collect();
        assert!(without.is_empty(), "values without help: {without:?}");
        let help = |value: &str| helps.iter().find(|(v, _)| v == value).map(|(_, h)| h.as_str());
        assert_eq!(help("eval --format xlsx"), Some("an Excel workbook (needs `--output`)"));
        assert_eq!(help("check --format json"), Some("for programs: the diagnostics as JSON"));
        assert_eq!(help("fmt --dialect zh"), Some("Chinese keywords: 规定, 违规, 扣分…"));
        assert_eq!(help("test --coverage_format lcov").map(|h| h.starts_with("an lcov tracefile")), Some(true));
    }

    fn values(cmd: &Command, helps: &mut Vec<(String, String)>) {
        for a in cmd.get_arguments().filter(|a| takes_value(a)) {
            for v in a.get_possible_values() {
                let help = v.get_help().map(|h| h.to_string()).unwrap_or_default();
                helps.push((format!("{} --{} {}", cmd.get_name(), a.get_id(), v.get_name()), help));
            }
        }
        for s in cmd.get_subcommands() {
            values(s, helps);
        }
    }

    #[test]
    fn lang_is_read_before_parsing() {
        let args = |a: &[&str]| a.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert_eq!(choose(&args(&["kaohe", "check", "--lang", "zh", "x.kh"])), Lang::Zh);
        assert_eq!(choose(&args(&["kaohe", "--lang=en", "check"])), Lang::En);
        assert_eq!(choose(&args(&["kaohe", "--", "--lang", "zh"])), Lang::choose(None, |n| std::env::var(n).ok()));
    }
}
