// A group's role hook prints the role a member believes it has: "primary" or
// "standby" (e.g. `psql -tAc "select case when pg_is_in_recovery() then 'standby' else 'primary' end"`).
// Its last non-empty line is read; anything else is no answer.
export type ProbedRole = "primary" | "standby";

export function readRole(output: string): ProbedRole | null {
  const last = output.trim().split("\n").at(-1)?.trim().toLowerCase() ?? "";
  return last === "primary" || last === "standby" ? last : null;
}
