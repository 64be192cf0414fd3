// Errors about what the user asked for (a bad option, a missing preset): shown as messages, never
// as crashes, by the CLI and the extension alike.
export class UserInputError extends Error {}
