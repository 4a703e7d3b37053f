"use client";

import { useRef, useState } from "react";
import type { TGroup } from "@/components/groups/types";
import { useCanOperate } from "./queries";
import { SwitchDialog, type TSwitchKind } from "./switch-dialog";
import styles from "./operations.module.css";

const DEAD = new Set(["DOWN", "UNREACHABLE"]);

/** Switchover (healthy primary) or failover (dead primary), for operators; viewers see nothing. */
export function GroupActions({ group }: { group: TGroup }) {
  const canOperate = useCanOperate();
  const [open, setOpen] = useState<TSwitchKind | null>(null);
  const opener = useRef<HTMLButtonElement | null>(null);
  if (!canOperate || group.mode !== "ACTIVE_PASSIVE") return null;
  const primary = group.members.find((m) => m.role === "PRIMARY");
  const kind: TSwitchKind = primary && !DEAD.has(primary.state) ? "switchover" : "failover";
  const hasStandby = group.members.some((m) => m.role === "STANDBY");

  function close() {
    setOpen(null);
    opener.current?.focus();
  }

  return (
    <div className={styles.groupActions}>
      <button
        type="button"
        ref={opener}
        className={kind === "failover" ? "btn btn-danger" : "btn"}
        disabled={!hasStandby}
        aria-haspopup="dialog"
        title={hasStandby ? undefined : "No standby to promote"}
        onClick={() => setOpen(kind)}
      >
        {kind === "switchover" ? "Switchover…" : "Fail over…"}
      </button>
      {open ? <SwitchDialog kind={open} group={group} onClose={close} /> : null}
    </div>
  );
}
