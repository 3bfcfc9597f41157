package io.spotwise.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** The commit a campaign ran on, for the report ({@code git describe}-like: short id, "+dirty" with local changes). */
final class GitCommit {

    private GitCommit() {
    }

    static String describe() {
        String id = git("rev-parse", "--short", "HEAD");
        if (id.isEmpty()) {
            return "unknown (not a git checkout)";
        }
        return git("status", "--porcelain", "--untracked-files=no").isEmpty() ? id : id + "+dirty";
    }

    private static String git(String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "git";
        System.arraycopy(args, 0, cmd, 1, args.length);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
