/**
 * may-contain-secrets: literal values that look like credentials. A release is the
 * same for every customer, so a password written into it is shared by all of them
 * and by anyone who can read the release; such values belong in a Secret the
 * customer creates, or in a value the installer asks for.
 */
import { isMap, isScalar, isSeq, type ParsedNode } from "./yaml";
import { createDiagnostic } from "./diagnostic";
import type { LineIndex } from "./line-index";
import type { ReleaseDocument } from "./parse-release-stream";
import type { Diagnostic } from "./types";
import { getValue, readString, type MapNode } from "./yaml-nodes";

/** Key (or env var) names whose literal value is probably a credential; `…Name`, `…Ref` and `…File` do not match. */
const SECRET_KEY = /(?:^|[_.-]|[a-z])(?:password|passwd|passphrase|secret|secret[_-]?key|api[_-]?key|access[_-]?key|private[_-]?key|token|credentials?)$/i;
/** Values that are credentials whatever their key: private keys, AWS access keys, GitHub and Slack tokens. */
const SECRET_VALUE = /-----BEGIN [A-Z ]*PRIVATE KEY-----|\bAKIA[0-9A-Z]{16}\b|\bgh[pousr]_[A-Za-z0-9]{36}\b|\bxox[abprs]-[A-Za-z0-9-]{10,}/;
/** Installer templates fill these in per customer, so they are not shipped literally. */
const TEMPLATED = /\{\{|\$\{|^<.*>$/;
const MAX_DEPTH = 40;

/** Credential-looking literals in one resource document (its `kind: Secret` data included). */
export function diagnoseSecrets(document: ReleaseDocument, root: MapNode, lines: LineIndex): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const report = (node: ParsedNode, message: string) =>
    diagnostics.push(createDiagnostic(lines, "may-contain-secrets", "info", message, [document.offset + node.range[0], document.offset + node.range[1]]));
  const isSecretObject = readString(getValue(document, root, "kind")) === "Secret";
  const visit = (node: ParsedNode | null, key: string | null, depth: number): void => {
    if (!node || depth > MAX_DEPTH) return;
    if (isSeq(node)) node.items.forEach((item) => visit(item as ParsedNode, null, depth + 1));
    if (!isMap(node)) {
      const text = isScalar(node) && typeof node.value === "string" ? node.value : null;
      if (text !== null && SECRET_VALUE.test(text)) report(node, `This value looks like a private key or access token; every customer receives the same one. Ship a placeholder and let each customer create the Secret.`);
      else if (text && key !== null && SECRET_KEY.test(key) && !TEMPLATED.test(text)) report(node, `${key} has a literal value that looks like a credential; every customer receives the same one. Reference a Secret the customer creates (valueFrom.secretKeyRef) instead.`);
      return;
    }
    const map = node as MapNode;
    const envName = readString(getValue(document, map, "name"));
    for (const pair of map.items) {
      const pairKey = isScalar(pair.key) ? String(pair.key.value) : null;
      // An env entry {name: DB_PASSWORD, value: …} names its value by `name`.
      const effectiveKey = pairKey === "value" && envName !== null ? envName : pairKey;
      visit(pair.value as ParsedNode | null, effectiveKey, depth + 1);
    }
  };
  if (isSecretObject) {
    for (const field of ["data", "stringData"]) {
      const data = getValue(document, root, field);
      if (isMap(data) && data.items.some((pair) => isScalar(pair.value) && pair.value.value !== null && pair.value.value !== "")) {
        report(data, `This Secret's ${field} is shipped literally, so every customer gets the same values. Let the installer or customer create it, or document that these are not credentials.`);
      }
    }
  }
  for (const pair of root.items) {
    const pairKey = isScalar(pair.key) ? String(pair.key.value) : null;
    if (isSecretObject && (pairKey === "data" || pairKey === "stringData")) continue;
    visit(pair.value as ParsedNode | null, pairKey, 1);
  }
  return diagnostics;
}
