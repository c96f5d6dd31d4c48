package org.bootwarden.boot;

/**
 * The URLs of one host's boot endpoints under one server base URL. The token is part of the
 * path so that installers that only take a URL prefix (cloud-init's nocloud seed) carry it.
 */
public record BootUrls(String base, String hostId, String token) {

    public String prefix() {
        return base + "/boot/" + hostId + "/" + token;
    }

    public String script() {
        return prefix() + "/script";
    }

    public String answer() {
        return prefix() + "/answer";
    }

    public String installed() {
        return prefix() + "/installed";
    }

    public String failed() {
        return prefix() + "/failed";
    }

    public String nocloud() {
        return prefix() + "/nocloud/";
    }

    public String media() {
        return base + "/media";
    }
}
