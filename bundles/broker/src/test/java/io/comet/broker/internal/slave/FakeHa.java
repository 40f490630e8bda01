package io.comet.broker.internal.slave;

import io.comet.ha.HaRole;
import io.comet.ha.HaService;
import io.comet.ha.HaStatus;
import io.comet.ha.ReplicationGate;
import io.comet.store.PutStatus;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** An HA service whose role the test sets; role changes call the listeners as the real one does. */
public final class FakeHa implements HaService, ReplicationGate {
    private final List<Consumer<HaRole>> listeners = new CopyOnWriteArrayList<>();
    private volatile HaRole role;

    public FakeHa(HaRole role) {
        this.role = role;
    }

    @Override
    public HaRole role() {
        return role;
    }

    @Override
    public void changeRole(HaRole newRole, String masterHaAddress) {
        role = newRole;
        listeners.forEach(l -> l.accept(newRole));
    }

    @Override
    public void updateMasterAddress(String masterHaAddress) { }

    @Override
    public HaStatus haStatus() {
        return new HaStatus(role, 0, "", "", false, List.of(), 0, 0);
    }

    @Override
    public int haListenPort() {
        return 0;
    }

    @Override
    public AutoCloseable addRoleListener(Consumer<HaRole> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public CompletableFuture<PutStatus> awaitReplicated(long nextOffset) {
        return CompletableFuture.completedFuture(role == HaRole.SLAVE ? PutStatus.SLAVE_NOT_AVAILABLE : PutStatus.PUT_OK);
    }
}
