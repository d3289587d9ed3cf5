package dev.sealedsms.testsupport;

/**
 * A JVM that starts a bao server, reports {@code READY <bao pid> <port>} on stdout and waits to be
 * killed: the subject of {@link OpenBaoDevServerIT#serverDiesWhenItsJvmIsKilledWithoutShutdownHooks}.
 */
public final class OpenBaoHolder {

    static final String READY = "READY";

    private OpenBaoHolder() {
    }

    public static void main(String[] args) throws InterruptedException {
        OpenBaoDevServer bao = OpenBaoDevServer.start();
        System.out.println(READY + " " + bao.pid() + " " + bao.port());
        System.out.flush();
        Thread.sleep(60_000);
        // Reached only if nobody killed us: leave nothing behind.
        bao.stop();
    }
}
