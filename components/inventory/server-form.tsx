"use client";

import { useMutation } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { fetchJson } from "@/components/api/fetch-json";
import { SelectField, TextAreaField, TextField, fieldMessage } from "@/components/ui/field";
import { FormActions } from "@/components/ui/form-actions";
import { QueryError } from "@/components/ui/messages";
import { fieldErrorsOf, useInvalidate } from "@/components/ui/mutations";
import { AGENT_MODES } from "@/server/inventory/servers/servers.types";
import { DEFAULT_POLL_INTERVAL_MS, LAG_PROBE_MAX_LENGTH, MAX_POLL_INTERVAL_MS, MIN_POLL_INTERVAL_MS, SERVER_NAME_PATTERN, isValidAddress } from "@/server/inventory/servers/server-rules";
import { ConnectionResult } from "./connection-result";
import { SERVERS_KEY, SITES_KEY, CREDENTIALS_KEY } from "./queries";
import type { TCreateServerRequest, TCredential, TServer, TSite, TTestConnectionRequest, TTestConnectionResult, TUpdateServerRequest } from "./types";
import styles from "./inventory.module.css";

const FIELDS = ["name", "description", "address", "port", "siteId", "credentialId", "tags", "enabled", "pollIntervalMs", "agentMode", "services", "lagProbe", "hostKeyFingerprint", "resetHostKey"];
const AGENT_MODE_LABEL = { STREAM: "Stream: one long-lived channel (fast)", EXEC: "Exec: a new command each poll" } as const;

/** "a, b c" → ["a", "b", "c"] */
const words = (s: string) => s.split(/[\s,]+/).filter(Boolean);

type Values = {
  name: string;
  description: string;
  address: string;
  port: number;
  siteId: string | null;
  credentialId: string | null;
  tags: string[];
  services: string[];
  pollIntervalMs: number | null;
  agentMode: TServer["agentMode"];
  lagProbe: string | null;
  enabled: boolean;
  hostKeyFingerprint: string | null;
  resetHostKey: boolean;
};
type Problems = Partial<Record<"name" | "address" | "port" | "pollIntervalMs", string>>;

function readForm(form: FormData): { values: Values; problems: Problems } {
  const text = (k: string) => String(form.get(k) ?? "").trim();
  const problems: Problems = {};
  const name = text("name");
  if (!SERVER_NAME_PATTERN.test(name)) problems.name = name ? "Use letters, digits, '.', '_' or '-', starting with a letter or digit (63 at most)." : "Name the server, e.g. db1.fra1.";
  const address = text("address");
  if (!isValidAddress(address)) problems.address = address ? "Enter a host name or an IPv4/IPv6 address (no brackets, no port)." : "Enter the address Tandem connects to.";
  const port = Number(text("port") || "22");
  if (!Number.isInteger(port) || port < 1 || port > 65535) problems.port = "Enter a port from 1 to 65535.";
  const interval = text("pollSeconds");
  const pollIntervalMs = interval === "" ? null : Math.round(Number(interval) * 1000);
  if (pollIntervalMs !== null && !(pollIntervalMs >= MIN_POLL_INTERVAL_MS && pollIntervalMs <= MAX_POLL_INTERVAL_MS)) problems.pollIntervalMs = `Enter ${MIN_POLL_INTERVAL_MS / 1000} to 3600 seconds, or leave empty for the default.`;
  return {
    problems,
    values: {
      name,
      description: text("description"),
      address,
      port,
      siteId: text("siteId") || null,
      credentialId: text("credentialId") || null,
      tags: words(text("tags").toLowerCase()),
      services: words(text("services")),
      pollIntervalMs,
      agentMode: (text("agentMode") || "STREAM") as Values["agentMode"],
      lagProbe: String(form.get("lagProbe") ?? "").trim() || null,
      enabled: form.get("enabled") === "on",
      hostKeyFingerprint: text("hostKeyFingerprint") || null,
      resetHostKey: form.get("resetHostKey") === "on",
    },
  };
}

/** Add or edit a server. Editing sends the whole form; the audit log records only what changed. */
export function ServerForm({ server, sites, credentials, onSaved, onCancel }: { server?: TServer; sites: TSite[]; credentials: TCredential[]; onSaved: (s: TServer, created: boolean) => void; onCancel: () => void }) {
  const invalidate = useInvalidate(SERVERS_KEY, SITES_KEY, CREDENTIALS_KEY);
  const formRef = useRef<HTMLFormElement>(null);
  const [problems, setProblems] = useState<Problems>({});
  const [fingerprint, setFingerprint] = useState("");
  const [moved, setMoved] = useState(false);
  const [testProblem, setTestProblem] = useState<string>();
  const editing = server !== undefined;

  const save = useMutation({
    mutationFn: (v: Values) => {
      const common = { name: v.name, description: v.description, address: v.address, port: v.port, siteId: v.siteId, credentialId: v.credentialId, tags: v.tags, services: v.services, pollIntervalMs: v.pollIntervalMs, agentMode: v.agentMode, lagProbe: v.lagProbe, enabled: v.enabled };
      if (!server) {
        const body: TCreateServerRequest = { ...common, ...(v.hostKeyFingerprint ? { hostKeyFingerprint: v.hostKeyFingerprint } : {}) };
        return fetchJson<TServer>("/api/v1/servers", { method: "POST", body });
      }
      const body: TUpdateServerRequest = { ...common, ...(v.resetHostKey ? { resetHostKey: true } : v.hostKeyFingerprint && v.hostKeyFingerprint !== server.hostKeyFingerprint ? { hostKeyFingerprint: v.hostKeyFingerprint } : {}) };
      return fetchJson<TServer>(`/api/v1/servers/${encodeURIComponent(server.id)}`, { method: "PATCH", body });
    },
    onSuccess: (s) => onSaved(s, !editing),
    onSettled: invalidate,
  });
  const test = useMutation({
    mutationFn: (body: TTestConnectionRequest) => fetchJson<TTestConnectionResult>("/api/v1/servers/test-connection", { method: "POST", body }),
  });
  const server400 = fieldErrorsOf(save.error);
  const serverError = (k: string) => server400[k] ?? Object.entries(server400).find(([path]) => path.startsWith(`${k}.`))?.[1];

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const { values, problems } = readForm(new FormData(e.currentTarget));
    setProblems(problems);
    if (Object.keys(problems).length) return save.reset();
    save.mutate(values);
  }

  function runTest() {
    if (!formRef.current) return;
    const { values, problems } = readForm(new FormData(formRef.current));
    const blocking = { address: problems.address, port: problems.port };
    setProblems(blocking.address || blocking.port ? blocking : {});
    setTestProblem(values.credentialId ? undefined : "Choose a credential to test with.");
    if (blocking.address || blocking.port || !values.credentialId) return test.reset();
    const expected = server && !values.resetHostKey ? server.hostKeyFingerprint : values.hostKeyFingerprint;
    test.mutate({ address: values.address, port: values.port, credentialId: values.credentialId, expectedFingerprint: expected ?? null });
  }

  function onChange() {
    if (!server || !formRef.current) return;
    const form = new FormData(formRef.current);
    setMoved(String(form.get("address") ?? "").trim() !== server.address || Number(form.get("port") || 22) !== server.port);
  }

  const pinned = server?.hostKeyFingerprint ?? null;
  const canUseSeen = test.data?.fingerprint && !pinned;

  return (
    <form ref={formRef} className="form" onSubmit={onSubmit} onChange={onChange} noValidate aria-label={editing ? `Edit server ${server.name}` : "Add a server"}>
      <QueryError result={save} fields={FIELDS} />
      <div className="form-row">
        <TextField label="Name" name="name" defaultValue={server?.name} maxLength={63} required autoComplete="off" spellCheck={false} error={problems.name ?? fieldMessage("Name", serverError("name"))} />
        <TextField label="Address" name="address" defaultValue={server?.address} maxLength={253} required autoComplete="off" spellCheck={false} hint="Host name or IP address." error={problems.address ?? fieldMessage("Address", serverError("address"))} />
        <TextField label="SSH port" name="port" type="number" inputMode="numeric" min={1} max={65535} defaultValue={server?.port ?? 22} error={problems.port ?? fieldMessage("SSH port", serverError("port"))} />
      </div>
      <div className="form-row">
        <SelectField label="Site" name="siteId" defaultValue={server?.site?.id ?? ""} error={fieldMessage("Site", serverError("siteId"))}>
          <option value="">No site</option>
          {sites.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </SelectField>
        <SelectField label="Credential" name="credentialId" defaultValue={server?.credential?.id ?? ""} hint={credentials.length ? undefined : "Add one under Credentials first."} error={fieldMessage("Credential", serverError("credentialId"))}>
          <option value="">No credential (not polled)</option>
          {credentials.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} ({c.username})
            </option>
          ))}
        </SelectField>
        <TextField label="Tags" name="tags" defaultValue={server?.tags.join(", ")} autoComplete="off" spellCheck={false} optional hint="Comma-separated, lower case: db, role:primary" error={fieldMessage("Tags", serverError("tags"))} />
      </div>

      <fieldset className={styles.fieldset}>
        <legend>Monitoring</legend>
        <div className="form-row">
          <TextField
            label="Poll interval (seconds)"
            name="pollSeconds"
            type="number"
            inputMode="decimal"
            min={MIN_POLL_INTERVAL_MS / 1000}
            max={3600}
            step="any"
            defaultValue={server?.pollIntervalMs ? server.pollIntervalMs / 1000 : ""}
            optional
            hint={`Empty: the default, ${DEFAULT_POLL_INTERVAL_MS / 1000} s.`}
            error={problems.pollIntervalMs ?? fieldMessage("Poll interval", serverError("pollIntervalMs"))}
          />
          <SelectField label="Agent mode" name="agentMode" defaultValue={server?.agentMode ?? "STREAM"} error={fieldMessage("Agent mode", serverError("agentMode"))}>
            {AGENT_MODES.map((m) => (
              <option key={m} value={m}>
                {AGENT_MODE_LABEL[m]}
              </option>
            ))}
          </SelectField>
          <TextField label="Services" name="services" defaultValue={server?.services.join(", ")} autoComplete="off" spellCheck={false} optional hint="Units or processes to report, e.g. nginx, postgresql@16-main" error={fieldMessage("Services", serverError("services"))} />
        </div>
        <TextAreaField
          label="Replication lag probe"
          name="lagProbe"
          className={styles.code}
          style={{ minHeight: 64 }}
          rows={2}
          maxLength={LAG_PROBE_MAX_LENGTH}
          defaultValue={server?.lagProbe ?? ""}
          spellCheck={false}
          optional
          hint="A command run on this server that prints the replication lag in seconds. Every Tandem user can read it: keep passwords out (use ~/.pgpass or ~/.my.cnf)."
          error={fieldMessage("Lag probe", serverError("lagProbe"))}
        />
        <TextField label="Description" name="description" defaultValue={server?.description} maxLength={500} optional error={fieldMessage("Description", serverError("description"))} />
        <label className={styles.checkbox}>
          <input type="checkbox" name="enabled" defaultChecked={server?.enabled ?? true} /> Enabled (polled)
        </label>
      </fieldset>

      <fieldset className={styles.fieldset}>
        <legend>Host key</legend>
        {pinned ? (
          <>
            <p>
              Pinned: <span className={styles.fingerprint}>{pinned}</span>
              {server?.hostKeyAlgorithm ? <span className="muted"> ({server.hostKeyAlgorithm})</span> : null}
            </p>
            {moved ? <p className="notice notice-warning">The pinned key stays with the new address. If the server there is a different machine, reset the pin or Tandem will refuse the connection.</p> : null}
            <label className={styles.checkbox}>
              <input type="checkbox" name="resetHostKey" /> Reset the pinned key (the next connection records the key it sees)
            </label>
          </>
        ) : (
          <TextField
            label="Pin a fingerprint"
            name="hostKeyFingerprint"
            value={fingerprint}
            onChange={(e) => setFingerprint(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            optional
            hint="SHA256:… as ssh-keygen -lf prints it. Empty: the first connection records the key it sees."
            error={fieldMessage("Fingerprint", serverError("hostKeyFingerprint"))}
          />
        )}
        <div className="form-actions">
          <button type="button" className="btn btn-sm" onClick={runTest} disabled={test.isPending} aria-describedby="server-form-test-hint">
            {test.isPending ? "Connecting…" : "Test connection"}
          </button>
          <span className="hint" id="server-form-test-hint">
            Connects once with the chosen credential; runs nothing on the server.
          </span>
        </div>
        <QueryError result={test} />
        {testProblem ? <p className="field-error">{testProblem}</p> : null}
        {test.data ? (
          <ConnectionResult
            result={test.data}
            pinAction={canUseSeen ? { label: "Use this fingerprint", onClick: () => setFingerprint(test.data!.fingerprint!) } : null}
          />
        ) : null}
      </fieldset>

      <FormActions label={editing ? "Save changes" : "Add server"} pendingLabel="Saving…" pending={save.isPending} onCancel={onCancel} />
    </form>
  );
}
