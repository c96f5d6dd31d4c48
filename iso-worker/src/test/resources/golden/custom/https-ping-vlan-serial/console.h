/* config/local/console.h: written by Bootwarden for a custom build.
 * Every feature Bootwarden knows is set here, on or off; do not edit. */
#undef CONSOLE_SERIAL
#define CONSOLE_SERIAL	/* SERIAL_CONSOLE: on */
