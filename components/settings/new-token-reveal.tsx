"use client";

import { useEffect, useId, useRef, useState } from "react";
import { StatusMessage } from "@/components/ui/messages";
import { Panel } from "@/components/ui/panel";

/** The freshly created token, shown once; the server never returns it again. */
export function NewTokenReveal({ token, name, onDone }: { token: string; name: string; onDone: () => void }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copyState, setCopyState] = useState<"idle" | "copied" | "failed">("idle");

  // Bring the token into view and focus so keyboard and screen reader users land on it.
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, [token]);

  async function copy() {
    try {
      // navigator.clipboard exists only in secure contexts (HTTPS or localhost);
      // self-hosted Tandem is often plain HTTP on a LAN, hence the fallback.
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(token);
      } else {
        input.current?.select();
        if (!document.execCommand("copy")) throw new Error("copy refused");
      }
      setCopyState("copied");
    } catch {
      input.current?.select();
      setCopyState("failed");
    }
  }

  return (
    <Panel titleId={`${id}-title`} title={<>Token “{name}” created</>}>
      <div className="notice notice-warning" id={`${id}-once`}>
        This is the only time the token is shown. Copy it now and keep it somewhere safe.
      </div>
      <div className="field">
        <label htmlFor={`${id}-token`}>New API token</label>
        <div className="token-reveal">
          <input
            ref={input}
            id={`${id}-token`}
            className="input"
            readOnly
            value={token}
            spellCheck={false}
            autoComplete="off"
            aria-describedby={`${id}-once ${id}-usage`}
            onFocus={(e) => e.currentTarget.select()}
          />
          <button type="button" className="btn btn-primary" onClick={copy}>
            Copy
          </button>
        </div>
        <p className="hint" id={`${id}-usage`}>
          Send it as <code>Authorization: Bearer …</code> with each API request.
        </p>
      </div>
      <StatusMessage tone={copyState === "failed" ? "info" : "success"}>
        {copyState === "copied" ? "Copied to the clipboard." : copyState === "failed" ? "Could not copy automatically: the token is selected, copy it by hand." : null}
      </StatusMessage>
      <div className="form-actions">
        <button type="button" className="btn" onClick={onDone}>
          Done
        </button>
      </div>
    </Panel>
  );
}
