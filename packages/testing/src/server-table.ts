import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { dnsProbe, exchangeProbe, httpProbe, tcpProbe } from './probes.js';
import type { ServerContext, ServerSpec } from './server-spec.js';

// Every server listens on 127.0.0.1 only, on a port of its own far from the default one, so
// that the servers the machine may already run (4222, 5672/4369, 6379, 2379, 2181, 53) are
// never touched. Nothing here uses systemd or the packages' service scripts.

const RABBIT_NODE = 'svckit@localhost';

/** The records of the shared dnsmasq; tests add files beside it in <run dir>/dnsmasq.d/. */
const DNS_RECORDS = `# Records served by svckit's test dnsmasq. Add files to this directory and restart it
# (bash scripts/services.sh down dns && bash scripts/services.sh up dns) to serve more.
host-record=svc.svckit.test,127.0.0.1
srv-host=_svc._tcp.svckit.test,svc.svckit.test,8080,0,0
srv-host=_api._tcp.svckit.test,svc.svckit.test,8081,10,5
srv-host=_api._tcp.svckit.test,svc.svckit.test,8082,10,5
address=/svckit.test/127.0.0.1
`;

/**
 * The environment of our RabbitMQ node (and of rabbitmqctl, should a person run it against
 * the node): everything in its own dir, nothing read from /etc/rabbitmq, its own Erlang cookie
 * (HOME), its own epmd port, and no epmd of its own starting (ours runs first and stops last).
 */
function rabbitEnv(s: ServerContext): Record<string, string> {
  return {
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    HOME: s.dir,
    RABBITMQ_NODENAME: RABBIT_NODE,
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_NODE_PORT: `${s.port('amqp')}`,
    RABBITMQ_DIST_PORT: `${s.port('dist')}`,
    ERL_EPMD_PORT: `${s.port('epmd')}`,
    ERL_EPMD_ADDRESS: '127.0.0.1',
    RABBITMQ_CONF_ENV_FILE: join(s.dir, 'rabbitmq-env.conf'),
    RABBITMQ_CONFIG_FILE: join(s.dir, 'rabbitmq.conf'),
    RABBITMQ_ADVANCED_CONFIG_FILE: join(s.dir, 'advanced.config'),
    RABBITMQ_ENABLED_PLUGINS_FILE: join(s.dir, 'enabled_plugins'),
    RABBITMQ_MNESIA_BASE: join(s.dir, 'mnesia'),
    RABBITMQ_LOG_BASE: join(s.dir, 'log'),
    RABBITMQ_PID_FILE: join(s.dir, 'rabbit.pid'),
    // No scheduler busy-waiting: the tests beside it get the CPU (2 cores, shared).
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS:
      '-start_epmd false -kernel inet_dist_use_interface {127,0,0,1} +sbwt none +sbwtdcpu none +sbwtdio none',
    RABBITMQ_CTL_ERL_ARGS: '-kernel inet_dist_use_interface {127,0,0,1}',
  };
}

/** The AMQP 0-9-1 protocol header; a ready broker answers with Connection.Start. */
const AMQP_HEADER = Buffer.from([0x41, 0x4d, 0x51, 0x50, 0, 0, 9, 1]);

/**
 * SERVERS is the table of test servers and tools: what `bash scripts/services.sh up [name…]`
 * installs, starts and exports, what `requireService` and `requireBinary` look up, and what a
 * package may declare in its package.json (`"svckit": { "services": [...] }`). Adding a server
 * is adding one entry (see ServerSpec).
 */
export const SERVERS = {
  nats: {
    summary: 'nats-server with JetStream',
    debian: ['nats-server'],
    files: { nats: { names: ['nats-server'] } },
    serviceVar: 'SVCKIT_NATS_URL',
    ports: { client: 47222 },
    processes: [
      {
        command: 'nats',
        args: (s) => [
          ...['-a', '127.0.0.1', '-p', `${s.port('client')}`],
          ...['-js', '-sd', s.dir, '-n', 'svckit-test'],
        ],
      },
    ],
    ready: exchangeProbe('client', undefined, /^INFO /),
    env: (s) => ({ SVCKIT_NATS_URL: `nats://127.0.0.1:${s.port('client')}` }),
  },
  amqp: {
    summary: 'RabbitMQ, with its own epmd and distribution ports',
    debian: ['rabbitmq-server'],
    files: {
      'rabbitmq-server': { paths: ['/usr/lib/rabbitmq/bin/rabbitmq-server'] },
      epmd: { names: ['epmd'], paths: ['/usr/lib/erlang/erts-*/bin/epmd'] },
    },
    serviceVar: 'SVCKIT_AMQP_URL',
    ports: { amqp: 47672, dist: 47673, epmd: 47369 },
    fresh: true,
    config: (s) => [
      { path: 'rabbitmq-env.conf', text: '' },
      { path: 'enabled_plugins', text: '[].\n' },
      { path: 'advanced.config', text: '[].\n' },
      {
        path: 'rabbitmq.conf',
        text: [
          `listeners.tcp.1 = 127.0.0.1:${s.port('amqp')}`,
          'loopback_users.guest = true',
          'log.console = false',
          'log.file.level = info',
          'disk_free_limit.absolute = 50MB',
          '',
        ].join('\n'),
      },
      { path: '.erlang.cookie', text: randomBytes(20).toString('hex'), mode: 0o400 },
    ],
    processes: [
      {
        name: 'epmd',
        command: 'epmd',
        args: (s) => ['-port', `${s.port('epmd')}`, '-address', '127.0.0.1'],
        env: () => ({ ERL_EPMD_ADDRESS: '127.0.0.1' }),
        ready: tcpProbe('epmd'),
        stopTimeoutMs: 5000,
      },
      // The script traps SIGTERM and stops the node gracefully.
      {
        command: 'rabbitmq-server',
        args: () => [],
        cleanEnv: true,
        env: rabbitEnv,
        stopTimeoutMs: 30_000,
      },
    ],
    ready: exchangeProbe('amqp', AMQP_HEADER, /RabbitMQ/),
    readyTimeoutMs: 90_000,
    env: (s) => ({ SVCKIT_AMQP_URL: `amqp://guest:guest@127.0.0.1:${s.port('amqp')}` }),
  },
  redis: {
    summary: 'redis-server, nothing kept on disk',
    debian: ['redis-server'],
    files: { redis: { names: ['redis-server'] } },
    serviceVar: 'SVCKIT_REDIS_URL',
    ports: { client: 47379 },
    processes: [
      {
        command: 'redis',
        args: (s) => [
          ...['--bind', '127.0.0.1', '--port', `${s.port('client')}`, '--save', ''],
          ...['--appendonly', 'no', '--daemonize', 'no', '--dir', s.dir, '--protected-mode', 'yes'],
        ],
      },
    ],
    ready: exchangeProbe('client', 'PING\r\n', /^\+PONG\r\n/),
    env: (s) => ({ SVCKIT_REDIS_URL: `redis://127.0.0.1:${s.port('client')}` }),
  },
  etcd: {
    summary: 'etcd v3, one member',
    debian: ['etcd-server'],
    files: { etcd: { names: ['etcd'] } },
    serviceVar: 'SVCKIT_ETCD_URL',
    ports: { client: 47380, peer: 47381 },
    fresh: true,
    processes: [
      {
        command: 'etcd',
        args: (s) => {
          const client = `http://127.0.0.1:${s.port('client')}`;
          const peer = `http://127.0.0.1:${s.port('peer')}`;
          return [
            ...['--name', 'default', '--data-dir', join(s.dir, 'data')],
            ...['--listen-client-urls', client, '--advertise-client-urls', client],
            ...['--listen-peer-urls', peer, '--initial-advertise-peer-urls', peer],
            ...['--initial-cluster', `default=${peer}`, '--initial-cluster-state', 'new'],
          ];
        },
      },
    ],
    ready: httpProbe('client', '/health', /"health":\s*"true"/),
    env: (s) => ({ SVCKIT_ETCD_URL: `http://127.0.0.1:${s.port('client')}` }),
  },
  zookeeper: {
    summary: 'ZooKeeper, standalone',
    debian: ['zookeeper', 'default-jre-headless'],
    files: {
      java: { names: ['java'] },
      'zookeeper-jar': {
        paths: ['/usr/share/java/zookeeper.jar'],
        executable: false,
        env: 'SVCKIT_ZOOKEEPER_JAR',
      },
    },
    serviceVar: 'SVCKIT_ZOOKEEPER_ADDR',
    ports: { client: 47181 },
    fresh: true,
    config: (s) => [
      {
        path: 'zoo.cfg',
        text: [
          ...['tickTime=2000', 'initLimit=10', 'syncLimit=5', `dataDir=${join(s.dir, 'data')}`],
          ...[`clientPort=${s.port('client')}`, 'clientPortAddress=127.0.0.1', 'maxClientCnxns=0'],
          ...['admin.enableServer=false', '4lw.commands.whitelist=*', 'autopurge.purgeInterval=0'],
          '',
        ].join('\n'),
      },
    ],
    processes: [
      {
        // Debian's zookeeper.jar names its dependencies in its manifest's Class-Path.
        command: 'java',
        args: (s) => [
          ...['-Xmx256m', `-Dzookeeper.log.dir=${s.dir}`, '-Dzookeeper.root.logger=INFO,CONSOLE'],
          ...['-Dzookeeper.jmx.log4j.disable=true', '-cp', s.file('zookeeper-jar')],
          ...['org.apache.zookeeper.server.ZooKeeperServerMain', join(s.dir, 'zoo.cfg')],
        ],
      },
    ],
    ready: exchangeProbe('client', 'srvr', /Mode: standalone/),
    env: (s) => ({ SVCKIT_ZOOKEEPER_ADDR: `127.0.0.1:${s.port('client')}` }),
  },
  dns: {
    summary: 'dnsmasq, UDP and TCP, records in <run dir>/dnsmasq.d/',
    debian: ['dnsmasq'],
    files: { dnsmasq: { names: ['dnsmasq'] } },
    serviceVar: 'SVCKIT_DNS_ADDR',
    ports: { dns: 47053 },
    udp: ['dns'],
    config: (s) => [
      { path: join(s.runDir, 'dnsmasq.d', '00-svckit.conf'), text: DNS_RECORDS, keep: true },
      { path: join(s.runDir, 'dnsmasq.conf'), text: '' },
    ],
    processes: [
      {
        command: 'dnsmasq',
        args: (s) => [
          ...['--keep-in-foreground', '--no-resolv', '--no-hosts', '--no-poll'],
          ...['--listen-address=127.0.0.1', '--bind-interfaces', `--port=${s.port('dns')}`],
          `--conf-file=${join(s.runDir, 'dnsmasq.conf')}`,
          `--conf-dir=${join(s.runDir, 'dnsmasq.d')}`,
          ...['--pid-file=', '--user=root', '--group=root', '--log-facility=-', '--cache-size=0'],
        ],
      },
    ],
    ready: dnsProbe('dns', 'svc.svckit.test', '127.0.0.1'),
    env: (s) => ({ SVCKIT_DNS_ADDR: `127.0.0.1:${s.port('dns')}` }),
  },
  promtool: {
    summary: 'promtool (installed only: tests run `promtool check metrics`)',
    debian: ['prometheus'],
    files: { promtool: { names: ['promtool'] } },
    serviceVar: 'SVCKIT_PROMTOOL_BIN',
  },
  prometheus: {
    summary: 'the Prometheus server (installed only: tests run their own)',
    debian: ['prometheus'],
    files: { prometheus: { names: ['prometheus'] } },
    serviceVar: 'SVCKIT_PROMETHEUS_BIN',
  },
} as const satisfies Readonly<Record<string, ServerSpec>>;

/** ServiceName names an entry of SERVERS: a server (nats, amqp, ...) or a tool (promtool, ...). */
export type ServiceName = keyof typeof SERVERS;

/** BinaryName names a file of an entry of SERVERS (`nats`, `dnsmasq`, `epmd`, ...). */
export type BinaryName = {
  [K in ServiceName]: keyof (typeof SERVERS)[K]['files'] & string;
}[ServiceName];

/** serverSpec returns the entry of a name, or undefined when the table has none. */
export function serverSpec(name: string): ServerSpec | undefined {
  return Object.hasOwn(SERVERS, name) ? (SERVERS as Record<string, ServerSpec>)[name] : undefined;
}

/** serviceNames lists the table's entries, servers and tools, in table order. */
export function serviceNames(): ServiceName[] {
  return Object.keys(SERVERS) as ServiceName[];
}
