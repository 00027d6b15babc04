/** YAML files the API hands out (license files, install YAML) as downloads. */

/** A `application/yaml` response that browsers save under `filename`. */
export function yamlDownload(file: { filename: string; text: string }): Response {
  return new Response(file.text, {
    status: 200,
    headers: {
      "Content-Type": "application/yaml; charset=utf-8",
      "Content-Disposition": `attachment; filename="${file.filename}"`,
      "Cache-Control": "no-store",
    },
  });
}
