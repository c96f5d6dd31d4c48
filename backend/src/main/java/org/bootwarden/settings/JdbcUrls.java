package org.bootwarden.settings;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JDBC URL as it may be shown: without user information in the authority
 * ({@code jdbc:mysql://user:secret@host/db}) and without parameters that carry credentials
 * ({@code ?password=...}, {@code ;password=...}, {@code user=...}), whatever the driver's syntax.
 */
final class JdbcUrls {

    static final String HIDDEN = "(hidden)";

    /** {@code //user:password@} or {@code //user@} right after the scheme. */
    private static final Pattern USER_INFO = Pattern.compile("(//)([^/@?;]*)@");
    /** {@code name=value} after {@code ?}, {@code &} or {@code ;} (H2 and SQL Server separate parameters with ;). */
    private static final Pattern PARAMETER = Pattern.compile("([?&;])([A-Za-z0-9_.-]+)=([^&;]*)");

    private JdbcUrls() {
    }

    static String withoutCredentials(String url) {
        if (url == null) {
            return null;
        }
        String withoutUserInfo = USER_INFO.matcher(url).replaceFirst("$1" + Matcher.quoteReplacement(HIDDEN) + "@");
        Matcher m = PARAMETER.matcher(withoutUserInfo);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(2);
            String value = isCredential(name) ? HIDDEN : m.group(3);
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + name + "=" + value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static boolean isCredential(String parameter) {
        String p = parameter.toLowerCase(Locale.ROOT);
        return p.contains("password") || p.contains("passwd") || p.equals("pwd") || p.equals("user") || p.equals("username")
                || p.equals("uid") || p.contains("secret") || p.contains("token") || p.endsWith("key") || p.contains("credential");
    }
}
