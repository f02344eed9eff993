/**
 * @module @svckit/zookeeper
 *
 * Service discovery on ZooKeeper (Go kit's `sd/zk`), on
 * [node-zookeeper-client](https://github.com/alexguan/node-zookeeper-client):
 * {@link zooKeeperInstancer} publishes the data of a path's children from one-shot watches
 * re-armed on each read, {@link zooKeeperRegistrar} announces this instance as an ephemeral
 * sequential node, and {@link createZooKeeperClient} keeps a session, opening a new one after
 * an expiry (the registrar then registers again, the instancer watches again).
 */
export type { ZooKeeperClient, ZooKeeperClientOptions, ZooKeeperState } from './client.js';
export { createZooKeeperClient } from './client.js';
export type { ZooKeeperInstancer, ZooKeeperInstancerOptions } from './instancer.js';
export { zooKeeperInstancer } from './instancer.js';
export type { ZooKeeperRegistrarOptions } from './registrar.js';
export { zooKeeperRegistrar } from './registrar.js';
