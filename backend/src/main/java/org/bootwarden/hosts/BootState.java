package org.bootwarden.hosts;

/**
 * The host's boot state: the projection the boot endpoint answers from.
 * LOCAL -> ARMED (arm) -> INSTALLING (boot served the installer) -> LOCAL (installed callback);
 * HELD after a failed install or too many install boots without a callback.
 */
public enum BootState {
    LOCAL, ARMED, INSTALLING, HELD
}
