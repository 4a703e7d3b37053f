"use client";

import { useState, type FormEvent } from "react";
import { useServers } from "@/components/inventory/queries";
import { QueryError } from "@/components/ui/messages";
import { CheckboxPicker } from "./checkbox-picker";
import { useWhatIf } from "./queries";
import { WhatIfResults } from "./what-if-results";
import type { TSiteMatrix, TWhatIfResponse } from "./types";
import styles from "./sites.module.css";

/**
 * "What breaks if this goes?": pick sites (and servers or groups) to lose and
 * read every group before and after. `onResult` lets the matrix strike the
 * lost members through.
 */
export function WhatIfPanel({ matrix, onResult }: { matrix: TSiteMatrix; onResult: (r: TWhatIfResponse | null) => void }) {
  const [sites, setSites] = useState<Set<string>>(new Set());
  const [servers, setServers] = useState<Set<string>>(new Set());
  const [groups, setGroups] = useState<Set<string>>(new Set());
  const [choiceError, setChoiceError] = useState<string>();
  const serverList = useServers({});
  const whatIf = useWhatIf();

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (sites.size + servers.size + groups.size === 0) {
      setChoiceError("Choose at least one site, server or group to lose.");
      return;
    }
    setChoiceError(undefined);
    whatIf.mutate({ siteIds: [...sites], serverIds: [...servers], groupIds: [...groups] }, { onSuccess: onResult });
  }

  function clear() {
    setSites(new Set());
    setServers(new Set());
    setGroups(new Set());
    setChoiceError(undefined);
    whatIf.reset();
    onResult(null);
  }

  const siteItems = matrix.sites.map((s) => ({ id: s.id, name: s.name, hint: `${s.servers} ${s.servers === 1 ? "server" : "servers"}` }));
  const serverItems = (serverList.data?.servers ?? []).map((s) => ({ id: s.id, name: s.name, hint: s.site?.name }));
  const groupItems = matrix.groups.map((g) => ({ id: g.groupId, name: g.name }));

  return (
    <div className="stack">
      <form className={`form ${styles.whatIfForm}`} onSubmit={submit} aria-label="What-if" noValidate>
        <CheckboxPicker legend="Sites to lose" items={siteItems} chosen={sites} onChange={setSites} open />
        <div className={styles.pickers}>
          <CheckboxPicker legend="Servers to lose" items={serverItems} chosen={servers} onChange={setServers} />
          <CheckboxPicker legend="Groups to lose" items={groupItems} chosen={groups} onChange={setGroups} />
        </div>
        {choiceError ? <p className="field-error">{choiceError}</p> : null}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={whatIf.isPending}>
            {whatIf.isPending ? "Working it out…" : "Run what-if"}
          </button>
          {whatIf.data || sites.size + servers.size + groups.size > 0 ? (
            <button type="button" className="btn" onClick={clear}>
              Clear
            </button>
          ) : null}
        </div>
        <QueryError result={serverList} />
        <QueryError result={whatIf} />
      </form>
      {whatIf.data ? <WhatIfResults result={whatIf.data} /> : null}
    </div>
  );
}
