package org.bootwarden.isoworker.worker;

import org.bootwarden.isoworker.Architecture;
import org.bootwarden.isoworker.NicDriver;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What the backend says goes onto one host's boot ISO ({@code GET /api/hosts/{id}/media-spec}).
 *
 * @param hostId       the host
 * @param hostname     its FQDN (for logs)
 * @param volumeId     ISO volume id
 * @param script       the rendered iPXE client script for media {@code cd} (carries the host's boot token)
 * @param nicDriver    iPXE EFI binary choice
 * @param firmware     the host's firmware setting (informational: the hybrid ISO boots BIOS and UEFI)
 * @param architecture target architecture
 * @param hash         the image cache key ({@code ImageKey.hash}) under which the backend looks the ISO up
 * @param artifact     the file name the backend serves the ISO from ({@code ImageKey.fileName})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MediaSpec(
        String hostId,
        String hostname,
        String volumeId,
        String script,
        NicDriver nicDriver,
        String firmware,
        Architecture architecture,
        String hash,
        String artifact) {
}
