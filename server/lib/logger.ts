// A small structured logger: one JSON line per event in production, readable lines in development.
export type LogLevel = "debug" | "info" | "warn" | "error";
const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type Logger = {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
};

export function createLogger(opts: { level?: LogLevel; json?: boolean; base?: Record<string, unknown> } = {}): Logger {
  const min = order[opts.level ?? "info"];
  const json = opts.json ?? false;
  const base = opts.base ?? {};
  const write = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (order[level] < min) return;
    const all = { ...base, ...fields };
    for (const [k, v] of Object.entries(all)) if (v instanceof Error) all[k] = { message: v.message, stack: v.stack };
    const line = json
      ? JSON.stringify({ t: new Date().toISOString(), level, msg, ...all })
      : `${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} ${msg}${Object.keys(all).length ? " " + JSON.stringify(all) : ""}`;
    (level === "error" || level === "warn" ? process.stderr : process.stdout).write(line + "\n");
  };
  return {
    debug: (m, f) => write("debug", m, f),
    info: (m, f) => write("info", m, f),
    warn: (m, f) => write("warn", m, f),
    error: (m, f) => write("error", m, f),
    child: (f) => createLogger({ ...opts, base: { ...base, ...f } }),
  };
}
