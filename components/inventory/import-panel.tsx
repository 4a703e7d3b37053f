"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState, type ChangeEvent, type FormEvent } from "react";
import { errorMessage, fetchJson } from "@/components/api/fetch-json";
import { DataTable } from "@/components/ui/data-table";
import { SelectField, TextAreaField, fieldMessage } from "@/components/ui/field";
import { ErrorAlert } from "@/components/ui/messages";
import { fieldErrorsOf, useInvalidate } from "@/components/ui/mutations";
import { Panel } from "@/components/ui/panel";
import { IMPORT_MAX_CONTENT } from "@/server/inventory/import/import.types";
import { endpoint } from "./format";
import { CREDENTIALS_KEY, SERVERS_KEY, SITES_KEY, useCredentials } from "./queries";
import { TagList } from "./tag-list";
import type { TImportHost, TImportRequest, TImportResult } from "./types";
import styles from "./inventory.module.css";

type Format = "ini" | "yaml";
const ACTION: Record<TImportHost["action"], { label: string; tone: string }> = {
  create: { label: "Create", tone: "badge-success" },
  update: { label: "Update", tone: "badge-accent" },
  unchanged: { label: "Unchanged", tone: "" },
  skip: { label: "Skip", tone: "badge-warning" },
};
const EXAMPLE = `[web]
web[01:03].example.com

[db]
db1.example.com ansible_host=10.0.0.11 ansible_port=2222

[fra1:children]
web
db`;

function guessFormat(fileName: string, text: string): Format {
  if (/\.ya?ml$/i.test(fileName)) return "yaml";
  if (/\.(ini|cfg|hosts)$/i.test(fileName) || /^\s*\[/m.test(text)) return "ini";
  return /^\s*[\w.-]+:\s*$/m.test(text) ? "yaml" : "ini";
}

function ResultTable({ result }: { result: TImportResult }) {
  const s = result.summary;
  return (
    <section className="panel" aria-labelledby="import-result-title">
      <div className="panel-header">
        <h2 id="import-result-title">{result.dryRun ? "Preview: nothing is saved yet" : "Imported"}</h2>
        <p className={styles.summary}>
          <span className="badge badge-success">{s.create} {result.dryRun ? "to create" : "created"}</span>
          <span className="badge badge-accent">{s.update} {result.dryRun ? "to update" : "updated"}</span>
          <span className="badge">{s.unchanged} unchanged</span>
          <span className="badge badge-warning">{s.skip} skipped</span>
        </p>
      </div>
      {result.warnings.length ? (
        <div className="panel-body">
          <div className="notice notice-warning">
            <p>Parts of the file were ignored, as Ansible would ignore them:</p>
            <ul className={styles.notes}>
              {result.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          </div>
        </div>
      ) : null}
      <DataTable caption="Hosts in the inventory and what the import does with each" captionHidden columns={["Action", "Host", "Address", "Tags", "Site", "Details"]}>
        {result.hosts.map((h) => (
          <tr key={h.name}>
            <td>
              <span className={`badge ${ACTION[h.action].tone}`}>{ACTION[h.action].label}</span>
            </td>
            <td className="name-cell">{h.name}</td>
            <td className="mono">{h.address ? endpoint(h.address, h.port) : <span className="muted">—</span>}</td>
            <td>
              <TagList tags={h.tags} />
            </td>
            <td>{h.site?.name ?? <span className="muted">—</span>}</td>
            <td className={styles.wideCell}>
              {h.reason ? <span>{h.reason}</span> : null}
              {h.changes.length ? <span>{h.changes.join("; ")}</span> : null}
              {h.notes.length ? (
                <ul className={styles.notes}>
                  {h.notes.map((n) => (
                    <li key={n}>{n}</li>
                  ))}
                </ul>
              ) : null}
            </td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

export function ImportPanel() {
  const fileId = useId();
  const invalidate = useInvalidate(SERVERS_KEY, SITES_KEY, CREDENTIALS_KEY);
  const credentials = useCredentials();
  const [format, setFormat] = useState<Format>("ini");
  const [content, setContent] = useState("");
  const [credentialId, setCredentialId] = useState("");
  const [siteFromGroup, setSiteFromGroup] = useState(true);
  const [fileProblem, setFileProblem] = useState<string>();
  const [local, setLocal] = useState<string>();
  // The preview that "Apply" would apply: stale as soon as any input changes.
  const [previewed, setPreviewed] = useState<string | null>(null);
  const request = (dryRun: boolean): TImportRequest => ({ format, content, dryRun, siteFromGroup, ...(credentialId ? { credentialId } : {}) });
  const signature = JSON.stringify(request(true));

  const run = useMutation({
    mutationFn: (body: TImportRequest) => fetchJson<TImportResult>("/api/v1/servers/import", { method: "POST", body }),
    onSuccess: (r, body) => {
      setPreviewed(r.dryRun ? JSON.stringify(body) : null);
      if (!r.dryRun) return invalidate();
    },
  });
  const server = fieldErrorsOf(run.error);
  const canApply = previewed === signature && run.data?.dryRun === true && run.data.summary.create + run.data.summary.update > 0;

  async function onFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    if (!file) return;
    if (file.size > IMPORT_MAX_CONTENT) {
      setFileProblem("That file is larger than 1 MB.");
      return;
    }
    setFileProblem(undefined);
    const text = await file.text();
    setContent(text);
    setFormat(guessFormat(file.name, text));
  }

  function preview(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setLocal(content.trim() ? undefined : "Paste an inventory or choose a file.");
    if (!content.trim()) return run.reset();
    run.mutate(request(true));
  }

  return (
    <div className="stack">
      <Panel titleId="import-title" title="Ansible inventory" bodyless>
        <form className="panel-body form" onSubmit={preview} noValidate>
          {run.isError && !server.content ? <ErrorAlert>{errorMessage(run.error)}</ErrorAlert> : null}
          <div className="form-row">
            <div className="field">
              <label htmlFor={fileId}>Inventory file</label>
              <input id={fileId} type="file" className="input" accept=".ini,.yml,.yaml,.cfg,.hosts,text/plain" onChange={onFile} aria-describedby={fileProblem ? `${fileId}-error` : undefined} aria-invalid={fileProblem ? true : undefined} />
              {fileProblem ? (
                <p id={`${fileId}-error`} className="field-error">
                  {fileProblem}
                </p>
              ) : (
                <p className="hint">Or paste it below.</p>
              )}
            </div>
            <SelectField label="Format" name="format" value={format} onChange={(e) => setFormat(e.target.value as Format)} error={fieldMessage("Format", server.format)}>
              <option value="ini">INI (hosts file)</option>
              <option value="yaml">YAML</option>
            </SelectField>
            <SelectField
              label="Credential for new servers"
              name="credentialId"
              value={credentialId}
              onChange={(e) => setCredentialId(e.target.value)}
              hint={credentialId ? "Servers that exist already get it too." : "Without one, new servers are listed but not polled."}
              error={fieldMessage("Credential", server.credentialId)}
            >
              <option value="">None</option>
              {(credentials.data?.credentials ?? []).map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} ({c.username})
                </option>
              ))}
            </SelectField>
          </div>
          <TextAreaField
            label="Contents"
            name="content"
            className={styles.code}
            rows={12}
            value={content}
            onChange={(e) => setContent(e.target.value)}
            spellCheck={false}
            autoCapitalize="off"
            placeholder={EXAMPLE}
            hint="Host names become server names; ansible_host and ansible_port the address and port; groups become tags."
            error={local ?? server.content}
          />
          <label className={styles.checkbox}>
            <input type="checkbox" checked={siteFromGroup} onChange={(e) => setSiteFromGroup(e.target.checked)} /> Put a host at the site named like one of its groups
          </label>
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={run.isPending}>
              {run.isPending && run.variables?.dryRun ? "Reading…" : "Preview"}
            </button>
            <button type="button" className="btn" disabled={!canApply || run.isPending} onClick={() => run.mutate(request(false))} aria-describedby="import-apply-hint">
              {run.isPending && run.variables?.dryRun === false ? "Importing…" : "Apply"}
            </button>
            <span className="hint" id="import-apply-hint">
              {canApply ? "Applies what the preview shows, in one step." : run.data?.dryRun && previewed !== signature ? "The inventory or options changed: preview again." : "Preview first; nothing is saved until you apply."}
            </span>
          </div>
        </form>
      </Panel>

      <div role="status">
        {run.data && !run.data.dryRun ? (
          <p className="notice notice-success">
            Imported: {run.data.summary.create} created, {run.data.summary.update} updated, {run.data.summary.skip} skipped. <Link href="/settings/inventory">See the servers</Link>.
          </p>
        ) : null}
      </div>
      {run.data ? <ResultTable result={run.data} /> : null}
    </div>
  );
}
