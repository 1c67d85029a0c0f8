// The Kaohe language for CodeMirror: highlighting of both dialects and completion.
//
// The words come from the server (`GET /api/words`), which reads them from the keyword
// table the grammar is held to (src/syntax/keywords.rs), so the page cannot drift from
// the language: the tokenizer only knows the shapes of comments, strings, numbers and
// names.

import { HighlightStyle, StreamLanguage } from "@codemirror/language";
import { tags } from "@lezer/highlight";

const NAME = /^[\p{L}\p{Nl}_][\p{L}\p{N}\p{Mn}\p{Mc}_]*/u;
const NUMBER = /^[0-9０-９]+(?:[.．][0-9０-９]+)?%?/u;
const DATE = /^[0-9]{4}-[0-9]{2}(?:-[0-9]{2})?/;

/// A StreamLanguage that colours the words of `words` (the answer of /api/words).
export function kaoheLanguage(words) {
  const keywords = new Set(words.keywords || []);
  const functions = new Set(words.functions || []);
  const builtins = new Set([...(words.builtins || []), ...(words.words || [])]);
  const types = new Set(words.types || []);
  const units = new Set(words.units || []);
  return StreamLanguage.define({
    name: "kaohe",
    token(stream) {
      if (stream.eatSpace()) return null;
      if (stream.match("///")) {
        stream.skipToEnd();
        return "docString";
      }
      if (stream.match("//")) {
        stream.skipToEnd();
        return "comment";
      }
      const open = stream.peek();
      if (open === '"' || open === "“") {
        const close = open === '"' ? '"' : "”";
        stream.next();
        let escaped = false;
        for (let c = stream.next(); c !== undefined; c = stream.next()) {
          if (c === close && !escaped) break;
          escaped = !escaped && c === "\\";
        }
        return "string";
      }
      if (stream.match(DATE)) return "number";
      if (stream.match(NUMBER)) return "number";
      const name = stream.match(NAME);
      if (name) {
        const word = name[0];
        if (keywords.has(word)) return "keyword";
        if (functions.has(word)) return "function";
        if (units.has(word)) return "unit";
        if (types.has(word)) return "typeName";
        if (builtins.has(word)) return "builtin";
        return "variableName";
      }
      stream.next();
      return "operator";
    },
    tokenTable: {
      unit: tags.unit,
      docString: tags.docString,
      function: tags.function(tags.variableName),
      builtin: tags.standard(tags.variableName),
    },
    languageData: { commentTokens: { line: "//" } },
  });
}

/// Completion: the language's words and the names the document already uses.
export function kaoheCompletion(words) {
  const fixed = [];
  const add = (list, type) => (list || []).forEach((label) => fixed.push({ label, type }));
  add(words.keywords, "keyword");
  add(words.functions, "function");
  add(words.builtins, "variable");
  add(words.words, "constant");
  add(words.types, "type");
  add(words.units, "text");
  const known = new Set(fixed.map((o) => o.label));
  return (context) => {
    const word = context.matchBefore(/[\p{L}\p{N}_]+/u);
    if (!word || (word.from === word.to && !context.explicit)) return null;
    const names = new Set();
    const text = context.state.doc.toString();
    for (const m of text.matchAll(/[\p{L}_][\p{L}\p{N}_]*/gu)) {
      if (!known.has(m[0]) && m.index !== word.from) names.add(m[0]);
    }
    const options = fixed.concat([...names].sort().map((label) => ({ label, type: "variable" })));
    return { from: word.from, options, validFor: /^[\p{L}\p{N}_]*$/u };
  };
}

/// The colours of the page's editor.
export const kaoheHighlight = HighlightStyle.define([
  { tag: tags.keyword, color: "#7a1fa2", fontWeight: "600" },
  { tag: tags.comment, color: "#6b7280", fontStyle: "italic" },
  { tag: tags.docString, color: "#2f6f4f" },
  { tag: tags.string, color: "#a3410b" },
  { tag: tags.number, color: "#0b5fa5" },
  { tag: tags.unit, color: "#0b5fa5", fontWeight: "600" },
  { tag: tags.typeName, color: "#1f7a7a" },
  { tag: tags.function(tags.variableName), color: "#8a4b00" },
  { tag: tags.standard(tags.variableName), color: "#8a4b00" },
  { tag: tags.operator, color: "#4a5368" },
]);
