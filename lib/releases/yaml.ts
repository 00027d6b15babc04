/**
 * The `yaml` package for every module of lib/releases, always its browser build.
 *
 * Its Node build reads `process.env.LOG_TOKENS` and `process.env.LOG_STREAM` once per
 * token (a call into the C++ environment each time; 7-13 ms of CPU per cold preview of
 * the 3,000-line bench:preview release, see the README). The browser build is the same
 * code without those reads, so the server, the CLI and the editor now parse alike. The package does not
 * export that build as a subpath, hence the relative path; its types are the package's.
 */
import type * as Yaml from "yaml";
// @ts-expect-error the browser build ships no declarations; the package's own types follow.
import * as browserBuild from "../../node_modules/yaml/browser/dist/index.js";

const yaml = browserBuild as typeof Yaml;

export const { isAlias, isMap, isScalar, isSeq, parseAllDocuments, parseDocument, visit } = yaml;
export const Scalar = yaml.Scalar;
export type Scalar<T = unknown> = Yaml.Scalar<T>;
// eslint-disable-next-line @typescript-eslint/no-namespace -- the class's companion types (Scalar.Parsed)
export declare namespace Scalar {
  type Parsed = Yaml.Scalar.Parsed;
}
export type { Alias, Document, Pair, ParsedNode, YAMLMap, YAMLSeq } from "yaml";
