/* config/local/general.h: written by Bootwarden for a custom build.
 * Every feature Bootwarden knows is set here, on or off; do not edit. */
#undef DOWNLOAD_PROTO_HTTPS	/* HTTPS: off */
#undef POWEROFF_CMD	/* POWEROFF: off */
#undef REBOOT_CMD	/* REBOOT: off */
#undef PING_CMD	/* PING: off */
#undef NSLOOKUP_CMD	/* NSLOOKUP: off */
#undef VLAN_CMD	/* VLAN: off */
#undef NTP_CMD	/* NTP: off */
#undef IMAGE_TRUST_CMD	/* IMAGE_TRUST: off */
