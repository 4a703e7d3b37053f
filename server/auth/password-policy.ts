// Pure constants, safe to import in the browser (password.ts loads native argon2).
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;
