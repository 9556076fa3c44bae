package dev.integrity.device.rest;

import dev.integrity.device.DeviceCredentials;
import dev.integrity.device.service.DeviceAccess;
import dev.integrity.platform.error.ProblemException;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Map;

/**
 * Applies the HTTP path's provisioning and authentication rules to the WebSocket handshake, so a
 * device that may not send data is refused with the same status (401, 403, 404) before the socket
 * opens, and nothing is created by the check itself.
 *
 * <p>The check reads the database, so it runs on a worker thread; its result is handed back to the
 * request's event loop before Quarkus completes the upgrade. Completed on the worker, the upgrade
 * could write the 101 before the endpoint's message handlers were set, and a first message read in
 * that gap was dropped without a trace (issue 17: about one first batch in 760 under a burst of new
 * sockets; {@code SocketBurstTest}).
 */
@ApplicationScoped
public class DeviceUpgradeCheck implements HttpUpgradeCheck {

    @Inject
    DeviceAccess access;

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        String deviceId = context.pathParam("deviceId");
        DeviceCredentials credentials = new DeviceCredentials(
                context.httpRequest().getHeader(DeviceCredentials.DEVICE_KEY_HEADER),
                context.httpRequest().getHeader(DeviceCredentials.ENROLLMENT_TOKEN_HEADER));
        Context requestContext = Vertx.currentContext();
        Uni<CheckResult> check = Uni.createFrom().item(() -> {
                    if (deviceId == null || !deviceId.matches(dev.integrity.device.Device.ID_PATTERN)) {
                        return CheckResult.rejectUpgradeSync(400);
                    }
                    try {
                        access.check(deviceId, credentials);
                        return CheckResult.permitUpgradeSync();
                    } catch (ProblemException refused) {
                        Map<String, List<String>> headers = refused.headers().entrySet().stream()
                                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue())));
                        return CheckResult.rejectUpgradeSync(refused.status(), headers);
                    }
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        return requestContext == null ? check
                : check.emitOn(task -> requestContext.runOnContext(ignored -> task.run()));
    }
}
