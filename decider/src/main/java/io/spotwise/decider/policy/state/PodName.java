package io.spotwise.decider.policy.state;

/**
 * A pod's name without its owner's name: a ReplicaSet's pod is {@code <replicaset>-<5 characters>}, a StatefulSet's
 * {@code <statefulset>-<ordinal>}, so all a pod has to keep of its name is the suffix, packed in a long (up to 12
 * characters of {@code [0-9a-z]}, base 37). About 70 bytes per pod less than a String of a realistic name.
 */
final class PodName {

    static final int MAX_SUFFIX = 12;
    private static final int BASE = 37;

    private PodName() {
    }

    /** The suffix of {@code name} after {@code owner + "-"}, packed; 0 when the name has no such suffix. */
    static long pack(String owner, String name) {
        int start = owner.length() + 1;
        int n = name.length() - start;
        if (n < 1 || n > MAX_SUFFIX || name.charAt(owner.length()) != '-' || !name.startsWith(owner)) {
            return 0;
        }
        long packed = 0;
        for (int i = start; i < name.length(); i++) {
            int code = code(name.charAt(i));
            if (code == 0) {
                return 0;
            }
            packed = packed * BASE + code;
        }
        return packed;
    }

    static String unpack(String owner, long packed) {
        char[] suffix = new char[MAX_SUFFIX];
        int n = suffix(packed, suffix);
        StringBuilder b = new StringBuilder(owner.length() + 1 + n).append(owner).append('-');
        return b.append(suffix, MAX_SUFFIX - n, n).toString();
    }

    /** {@code unpack(owner, packed).equals(name)}, without building the string. */
    static boolean matches(String owner, long packed, String name) {
        char[] suffix = new char[MAX_SUFFIX];
        int n = suffix(packed, suffix);
        if (name.length() != owner.length() + 1 + n || name.charAt(owner.length()) != '-' || !name.startsWith(owner)) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (name.charAt(owner.length() + 1 + i) != suffix[MAX_SUFFIX - n + i]) {
                return false;
            }
        }
        return true;
    }

    /** {@code unpack(owner, packed).hashCode()}, without building the string. */
    static int hash(String owner, long packed) {
        char[] suffix = new char[MAX_SUFFIX];
        int n = suffix(packed, suffix);
        int h = 31 * owner.hashCode() + '-';
        for (int i = MAX_SUFFIX - n; i < MAX_SUFFIX; i++) {
            h = 31 * h + suffix[i];
        }
        return h;
    }

    /** Writes the suffix right-aligned into {@code out}; returns its length. */
    private static int suffix(long packed, char[] out) {
        int n = 0;
        for (long v = packed; v != 0; v /= BASE) {
            out[MAX_SUFFIX - 1 - n++] = character((int) (v % BASE));
        }
        return n;
    }

    private static int code(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0' + 1;
        }
        return c >= 'a' && c <= 'z' ? c - 'a' + 11 : 0;
    }

    private static char character(int code) {
        return (char) (code <= 10 ? '0' + code - 1 : 'a' + code - 11);
    }
}
