package io.spotwise.sandbox;

import java.util.concurrent.CountDownLatch;

/** A stand-in service process for the supervisor's test: runs until killed. */
public final class SleepingService {

    private SleepingService() {
    }

    public static void main(String[] args) throws InterruptedException {
        new CountDownLatch(1).await();
    }
}
