-- Single sign-on with OpenID Connect (issue 18): accounts provisioned by the
-- identity provider have no password and record the issuer and subject that
-- identify them there (an email can change at the IdP; the subject does not).
ALTER TABLE "User" ALTER COLUMN "passwordHash" DROP NOT NULL;
ALTER TABLE "User" ADD COLUMN "oidcIssuer" TEXT;
ALTER TABLE "User" ADD COLUMN "oidcSubject" TEXT;
ALTER TABLE "User" ADD CONSTRAINT "User_oidc_both_or_neither" CHECK (("oidcIssuer" IS NULL) = ("oidcSubject" IS NULL));
CREATE UNIQUE INDEX "User_oidcIssuer_oidcSubject_key" ON "User"("oidcIssuer", "oidcSubject");
