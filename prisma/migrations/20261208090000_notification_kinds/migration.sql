-- Notification channel kinds beside webhooks (issue 18): PagerDuty Events API
-- v2, email over SMTP and Microsoft Teams workflow webhooks. Their settings
-- live in the existing "config" JSON and their credentials (routing key, SMTP
-- password, Teams URL) in "secretCiphertext", so only the enum grows.
ALTER TYPE "ChannelKind" ADD VALUE 'PAGERDUTY';
ALTER TYPE "ChannelKind" ADD VALUE 'EMAIL';
ALTER TYPE "ChannelKind" ADD VALUE 'TEAMS';
