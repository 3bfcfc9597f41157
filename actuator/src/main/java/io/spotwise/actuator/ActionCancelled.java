package io.spotwise.actuator;

/** The action was taken away from this replica before it changed anything; the next owner of its partition does it. */
public final class ActionCancelled extends RuntimeException {

    public ActionCancelled(String why) {
        super(why, null, false, false);
    }
}
