/* config/local/console.h: written by Bootwarden for a custom build.
 * Every feature Bootwarden knows is set here, on or off; do not edit. */
#undef CONSOLE_SERIAL	/* SERIAL_CONSOLE: off */
