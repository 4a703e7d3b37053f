"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { fetchJson } from "@/components/api/fetch-json";
import { SelectField, TextAreaField, TextField, fieldMessage } from "@/components/ui/field";
import { FormActions } from "@/components/ui/form-actions";
import { QueryError } from "@/components/ui/messages";
import { fieldErrorsOf, useInvalidate } from "@/components/ui/mutations";
import { LOAD_BALANCER_KINDS, type TLoadBalancerKind } from "@/server/inventory/load-balancers/load-balancers.types";
import { LOAD_BALANCERS_KEY, type TCreateLoadBalancerRequest, type TLoadBalancer, type TUpdateLoadBalancerRequest } from "./fencing-queries";
import { useServers } from "./queries";
import own from "./fencing.module.css";

export const LB_KIND_LABEL: Record<TLoadBalancerKind, string> = { HAPROXY: "HAProxy runtime API", COMMAND: "Commands over SSH" };
const COMMAND_NAMES = ["enable", "disable", "drain", "state"] as const;
const COMMAND_HINT: Record<(typeof COMMAND_NAMES)[number], string> = {
  enable: "Puts $TANDEM_BACKEND_SERVER back in the pool.",
  disable: "Takes it out (maintenance).",
  drain: "Lets its connections finish, sends it no new ones.",
  state: "Prints `<ready|drain|maint> [up|down]` for it.",
};
const FIELDS = ["name", "kind", "address", "backend", "serverId", ...COMMAND_NAMES.map((c) => `commands.${c}`)];

export function LoadBalancerForm({ balancer, onDone, onCancel }: { balancer?: TLoadBalancer; onDone: (message: string) => void; onCancel?: () => void }) {
  const servers = useServers({});
  const [kind, setKind] = useState<TLoadBalancerKind>(balancer?.kind ?? "HAPROXY");
  const invalidate = useInvalidate(LOAD_BALANCERS_KEY);
  const save = useMutation({
    mutationFn: (body: TCreateLoadBalancerRequest | TUpdateLoadBalancerRequest) =>
      balancer
        ? fetchJson<TLoadBalancer>(`/api/v1/load-balancers/${encodeURIComponent(balancer.id)}`, { method: "PATCH", body })
        : fetchJson<TLoadBalancer>("/api/v1/load-balancers", { method: "POST", body }),
    onSuccess: (lb) => onDone(balancer ? `Saved ${lb.name}.` : `Added load balancer ${lb.name}.`),
    onSettled: invalidate,
  });
  const server = fieldErrorsOf(save.error);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const text = (k: string) => String(form.get(k) ?? "").trim();
    const common = { name: text("name"), kind, backend: text("backend") };
    save.mutate(
      kind === "HAPROXY"
        ? { ...common, address: text("address") }
        : { ...common, serverId: text("serverId"), commands: Object.fromEntries(COMMAND_NAMES.map((c) => [c, text(`commands.${c}`)])) as Record<(typeof COMMAND_NAMES)[number], string> },
    );
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label={balancer ? `Edit load balancer ${balancer.name}` : "Add a load balancer"}>
      <QueryError result={save} fields={FIELDS} />
      <div className="form-row">
        <TextField label="Name" name="name" defaultValue={balancer?.name} maxLength={64} autoComplete="off" required error={fieldMessage("Name", server.name)} />
        <SelectField label="Kind" name="kind" value={kind} onChange={(e) => setKind(e.target.value as TLoadBalancerKind)} error={fieldMessage("Kind", server.kind)}>
          {LOAD_BALANCER_KINDS.map((k) => (
            <option key={k} value={k}>
              {LB_KIND_LABEL[k]}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Backend"
          name="backend"
          className="mono"
          defaultValue={balancer?.backend ?? ""}
          maxLength={64}
          required
          hint={kind === "HAPROXY" ? "The HAProxy backend the group's members are in." : "The pool's name, given to the commands as $TANDEM_BACKEND."}
          error={fieldMessage("Backend", server.backend)}
        />
      </div>
      {kind === "HAPROXY" ? (
        <TextField
          label="Runtime API address"
          name="address"
          className="mono"
          defaultValue={balancer?.address ?? ""}
          placeholder="127.0.0.1:9999 or /run/haproxy/admin.sock"
          required
          hint="HAProxy's stats socket at level admin: host:port or an absolute socket path."
          error={fieldMessage("Address", server.address)}
        />
      ) : (
        <>
          <SelectField label="Host" name="serverId" defaultValue={balancer?.host?.id ?? ""} hint="The server the commands run on over SSH." error={fieldMessage("Host", server.serverId)}>
            <option value="">Choose a server…</option>
            {(servers.data?.servers ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </SelectField>
          {COMMAND_NAMES.map((c) => (
            <TextAreaField
              key={c}
              label={`${c[0]!.toUpperCase()}${c.slice(1)} command`}
              name={`commands.${c}`}
              className={own.command}
              rows={1}
              defaultValue={balancer?.commands?.[c] ?? ""}
              spellCheck={false}
              required
              hint={COMMAND_HINT[c]}
              error={fieldMessage(`${c} command`, server[`commands.${c}`])}
            />
          ))}
        </>
      )}
      <FormActions label={balancer ? "Save balancer" : "Add load balancer"} pendingLabel="Saving…" pending={save.isPending} onCancel={onCancel} />
    </form>
  );
}
