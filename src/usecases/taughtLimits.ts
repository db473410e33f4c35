/** The longest question or answer a moderator may teach: a taught answer is quoted whole, so it must fit a chat message. */
export const MAX_TAUGHT_LENGTH = 1500;
