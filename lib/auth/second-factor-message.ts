/** What sign-in answers when the password was right and a two-factor code is needed (the form shows the code field on it). */
export const SECOND_FACTOR_REQUIRED = "Enter the code from your authenticator app, or a recovery code.";
