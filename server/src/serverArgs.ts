/**
 * Node options the editor starts the language server with (and so the
 * benchmark too). One V8 worker thread instead of one per core: the server
 * does its work on the main thread, and the idle helper threads cost memory.
 */
export const SERVER_NODE_ARGS = ['--v8-pool-size=1'];
