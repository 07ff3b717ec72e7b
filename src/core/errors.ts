/**
 * An error a person caused and can fix. Its code is the translation key of the message they see,
 * so the adapter never needs to know the wording; params fill the message's placeholders.
 */
export class UserError extends Error {
  readonly code: string;
  readonly params: Record<string, string | number>;

  constructor(code: string, params: Record<string, string | number> = {}) {
    super(code);
    this.name = 'UserError';
    this.code = code;
    this.params = params;
  }
}

/** A setting or file the operator must fix before the bot can start. The message says what. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
