// Pure, browser-safe: the one rule for a service name the agent may be asked about.
/** No leading "-": a name must never reach systemctl as an option (e.g. -H host). */
export const SERVICE_NAME = /^[A-Za-z0-9@_][A-Za-z0-9@._-]{0,254}$/;
