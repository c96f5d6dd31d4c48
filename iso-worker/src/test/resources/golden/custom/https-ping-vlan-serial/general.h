/* config/local/general.h: written by Bootwarden for a custom build.
 * Every feature Bootwarden knows is set here, on or off; do not edit. */
#undef DOWNLOAD_PROTO_HTTPS
#define DOWNLOAD_PROTO_HTTPS	/* HTTPS: on */
#undef POWEROFF_CMD	/* POWEROFF: off */
#undef REBOOT_CMD	/* REBOOT: off */
#undef PING_CMD
#define PING_CMD	/* PING: on */
#undef NSLOOKUP_CMD	/* NSLOOKUP: off */
#undef VLAN_CMD
#define VLAN_CMD	/* VLAN: on */
#undef NTP_CMD	/* NTP: off */
#undef IMAGE_TRUST_CMD	/* IMAGE_TRUST: off */
