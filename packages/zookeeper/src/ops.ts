import zookeeper from 'node-zookeeper-client';
import type { Client, Event, Stat } from 'node-zookeeper-client';

// Promise forms of the node-zookeeper-client calls the instancer and registrar make.

/** isNoNode tells whether err is ZooKeeper's NO_NODE. */
export function isNoNode(err: unknown): boolean {
  return err instanceof zookeeper.Exception && err.code === zookeeper.Exception.NO_NODE;
}

export function getChildren(
  client: Client,
  path: string,
  watcher?: (event: Event) => void,
): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const done = (err: Error | zookeeper.Exception | null, children: string[]): void =>
      err ? reject(err) : resolve(children);
    if (watcher === undefined) client.getChildren(path, done);
    else client.getChildren(path, watcher, done);
  });
}

export function getData(client: Client, path: string): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    client.getData(path, (err, data) => (err ? reject(err) : resolve(data ?? undefined)));
  });
}

export function exists(client: Client, path: string): Promise<Stat | undefined> {
  return new Promise((resolve, reject) => {
    client.exists(path, (err, stat) => (err ? reject(err) : resolve(stat ?? undefined)));
  });
}

export function mkdirp(client: Client, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    client.mkdirp(path, (err) => (err ? reject(err) : resolve()));
  });
}

export function createEphemeralSequential(
  client: Client,
  path: string,
  data: Buffer,
): Promise<string> {
  return new Promise((resolve, reject) => {
    client.create(path, data, zookeeper.CreateMode.EPHEMERAL_SEQUENTIAL, (err, created) =>
      err ? reject(err) : resolve(created),
    );
  });
}

export function remove(client: Client, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    client.remove(path, -1, (err) => (err && !isNoNode(err) ? reject(err) : resolve()));
  });
}
