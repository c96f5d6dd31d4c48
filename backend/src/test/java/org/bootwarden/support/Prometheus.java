package org.bootwarden.support;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading {@code /actuator/prometheus} text in tests. */
public final class Prometheus {

    private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)$");

    private final String text;

    public Prometheus(String text) {
        this.text = text;
    }

    public static Prometheus scrape(Http admin) {
        return new Prometheus(admin.get("/actuator/prometheus").expect(200).body());
    }

    /** The value of the first series of {@code name} whose labels include all of {@code labels}; 0 when there is none. */
    public double value(String name, String... labels) {
        Matcher m = SAMPLE.matcher(text);
        while (m.find()) {
            if (!m.group(1).equals(name)) {
                continue;
            }
            String series = m.group(2) == null ? "" : m.group(2);
            boolean all = true;
            for (String label : labels) {
                all &= series.contains(label);
            }
            if (all) {
                return Double.parseDouble(m.group(3));
            }
        }
        return 0;
    }

    /** Whether a series of {@code name} with all of {@code labels} exists at all. */
    public boolean has(String name, String... labels) {
        Matcher m = SAMPLE.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                String series = m.group(2) == null ? "" : m.group(2);
                boolean all = true;
                for (String label : labels) {
                    all &= series.contains(label);
                }
                if (all) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Every metric name that has at least one sample. */
    public Set<String> names() {
        Set<String> names = new TreeSet<>();
        Matcher m = SAMPLE.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    public String text() {
        return text;
    }
}
