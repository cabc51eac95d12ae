// The exit statuses every syncspec command shares (DESIGN.md, "Command line").
export const EXIT_OK = 0;
/** `run`: an unexpected failure or an unexpected pass. */
export const EXIT_FAILURE = 1;
/** A usage or configuration error, a malformed spec, or a crash of syncspec itself. */
export const EXIT_USAGE = 2;
