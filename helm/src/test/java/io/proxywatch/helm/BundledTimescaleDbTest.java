package io.proxywatch.helm;

import static io.proxywatch.helm.HelmChart.FULLNAME;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** examples/all-in-one.yaml: one collector, the bundled TimescaleDB and one local agent. */
class BundledTimescaleDbTest {

  private static final String DATABASE = FULLNAME + "-timescaledb";
  private static Manifests manifests;

  @BeforeAll
  static void render() {
    manifests = HelmChart.render("examples/all-in-one.yaml");
  }

  @Test
  void statefulSet_runsTheOfficialImageBehindAHeadlessService() {
    StatefulSet database = manifests.get(StatefulSet.class, DATABASE);
    Service service = manifests.get(Service.class, DATABASE);

    assertThat(timescaledb().getImage()).isEqualTo("timescale/timescaledb:2.19.3-pg17");
    assertThat(database.getSpec().getReplicas()).isEqualTo(1);
    assertThat(database.getSpec().getServiceName()).isEqualTo(DATABASE);
    assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(service.getSpec().getPorts()).singleElement()
        .satisfies(port -> assertThat(port.getPort()).isEqualTo(5432));
    assertThat(service.getSpec().getSelector()).isEqualTo(database.getSpec().getSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/component", "timescaledb");
  }

  @Test
  void data_livesOnAClaimFromVolumeClaimTemplates() {
    PersistentVolumeClaim claim = manifests.get(StatefulSet.class, DATABASE).getSpec().getVolumeClaimTemplates().get(0);

    assertThat(claim.getMetadata().getName()).isEqualTo("data");
    assertThat(claim.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("5Gi");
    assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
    assertThat(Pods.mount(timescaledb(), "data").getMountPath()).isEqualTo("/var/lib/postgresql/data");
    assertThat(Pods.envValue(timescaledb(), "PGDATA")).startsWith("/var/lib/postgresql/data/");
  }

  @Test
  void collector_pointsAtTheBundledDatabase() {
    assertThat(Pods.envValue(collector(), "PROXYWATCH_DB_URL"))
        .isEqualTo("jdbc:postgresql://" + DATABASE + ".monitoring.svc:5432/proxywatch");
  }

  @Test
  void databaseAndCollector_shareOneCredentialsSecret() {
    SecretKeySelector user = Pods.secretRef(timescaledb(), "POSTGRES_USER");
    SecretKeySelector password = Pods.secretRef(timescaledb(), "POSTGRES_PASSWORD");

    assertThat(user).isEqualTo(Pods.secretRef(collector(), "PROXYWATCH_DB_USER"));
    assertThat(password).isEqualTo(Pods.secretRef(collector(), "PROXYWATCH_DB_PASSWORD"));
    assertThat(password.getName()).isEqualTo(FULLNAME + "-database");
    assertThat(Pods.envValue(timescaledb(), "POSTGRES_DB")).isEqualTo("proxywatch");
  }

  @Test
  void database_runsAsPostgresWithReadOnlyRootAndWritableSocketAndTmp() {
    PodSpec pod = manifests.get(StatefulSet.class, DATABASE).getSpec().getTemplate().getSpec();
    Container container = timescaledb();

    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(70L);
    assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(70L);
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(Pods.mount(container, "run").getMountPath()).isEqualTo("/var/run/postgresql");
    assertThat(Pods.mount(container, "tmp").getMountPath()).isEqualTo("/tmp");
    assertThat(container.getReadinessProbe().getExec().getCommand()).startsWith("pg_isready");
  }

  @Test
  void localAgent_dialsTheInClusterCollectorService() {
    Container agent = Pods.container(
        manifests.get(Deployment.class, FULLNAME + "-agent-local").getSpec().getTemplate().getSpec(), "agent");

    assertThat(Pods.envValue(agent, "PROXYWATCH_COLLECTOR"))
        .isEqualTo(FULLNAME + "-collector.monitoring.svc:7443");
  }

  private static Container timescaledb() {
    return Pods.container(manifests.get(StatefulSet.class, DATABASE).getSpec().getTemplate().getSpec(), "timescaledb");
  }

  private static Container collector() {
    return Pods.container(
        manifests.get(Deployment.class, FULLNAME + "-collector").getSpec().getTemplate().getSpec(), "collector");
  }
}
