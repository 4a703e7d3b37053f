-- One live operation per redundancy group, enforced by the database so two
-- concurrent requests cannot both start one (the loser gets a 409).
-- PAUSED counts as live: a paused operation still owns the group until it is
-- resumed, aborted or ended. Partial indexes cannot be declared in schema.prisma.
CREATE UNIQUE INDEX "Operation_one_active_per_group" ON "Operation" ("groupId") WHERE "state" IN ('PLANNED','RUNNING','PAUSED') AND "groupId" IS NOT NULL;
