import { parseDocument } from "yaml";

/**
 * Parses an operator's YAML file (front matter, synonyms, web sources) and throws on what the
 * `yaml` package would only warn about, such as an unknown `!tag`: its warnings go to the process's
 * stderr, far from the file, and the value it keeps is rarely what was meant. The error's message
 * is the problem's first line, for the caller to name the file it came from.
 */
export function parseYaml(text: string): unknown {
  const document = parseDocument(text, { prettyErrors: false });
  const [problem] = [...document.errors, ...document.warnings];
  if (problem !== undefined) throw new Error(problem.message.split("\n")[0]);
  return document.toJS();
}
