"""moto's server, with the one DynamoDB guarantee moto leaves out: operations on the tables happen one at a time.

moto_server answers every request on a thread of its own (werkzeug's threaded server) and its DynamoDB backend
takes no lock, so two conditional UpdateItems on one key can both read the item before either writes it, and both
succeed. DynamoDB applies the writes to an item one after another and checks each condition against the item as
the write before left it: of two concurrent conditional writes that both require the voucher to be absent, exactly
one succeeds and the other fails its condition (Amazon DynamoDB Developer Guide, "Conditional writes":
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithItems.html#WorkingWithItems.ConditionalUpdate;
"Condition expressions": https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.SpecifyingConditions.html).
A strongly consistent read sees an item as the last write left it, never half written
(https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.ReadConsistency.html).

This launcher runs moto's own WSGI application with moto's own request handler and holds one lock around every
DynamoDB request, reads included, for as long as moto works on it (the response body included). That is stricter
than DynamoDB, which orders per item, not per table: on the emulator it costs only concurrency moto does not have
anyway (one Python process), and it cannot let through an interleaving that DynamoDB would forbid. Other services
(SQS, SSM, CloudFormation, moto's own API) are untouched.

Usage (what the harness runs): python moto_launcher.py -H 127.0.0.1 -p PORT [--stock] [--switch-interval S]
  --stock              serve without the lock, exactly as moto_server does (for the test that shows it matters)
  --switch-interval S  Python's thread switch interval (sys.setswitchinterval), for that test: a short one makes
                       the threads of concurrent requests interleave often, so a missing lock shows
"""

import argparse
import signal
import sys
import threading

from werkzeug.serving import run_simple

from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)

DYNAMODB_TARGET_PREFIX = "DynamoDB_"


class DynamoDbInOrder:
    """WSGI middleware: one DynamoDB request at a time, every other request as it comes."""

    def __init__(self, app):
        self._app = app
        self._lock = threading.Lock()
        self.serialised = 0

    def __call__(self, environ, start_response):
        # The JSON protocol names the operation in X-Amz-Target: DynamoDB_20120810.UpdateItem. Streams
        # (DynamoDBStreams_20120810.*) only read records the writes appended, and are left concurrent.
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        if not target.startswith(DYNAMODB_TARGET_PREFIX):
            return self._app(environ, start_response)
        with self._lock:
            self.serialised += 1
            # Consume the whole answer inside the lock: moto may build it lazily from the backend's state.
            return list(self._app(environ, start_response))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-H", "--host", default="127.0.0.1")
    parser.add_argument("-p", "--port", type=int, required=True)
    parser.add_argument("--stock", action="store_true", help="no lock: moto_server's own behaviour")
    parser.add_argument("--switch-interval", type=float, default=None)
    args = parser.parse_args(argv)
    if args.switch_interval is not None:
        sys.setswitchinterval(args.switch_interval)

    # As moto_server: stop cleanly on SIGINT and SIGTERM.
    signal.signal(signal.SIGINT, lambda *_: sys.exit(0))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))

    app = DomainDispatcherApplication(create_backend_app)
    if not args.stock:
        app = DynamoDbInOrder(app)
    run_simple(args.host, args.port, app, threaded=True, request_handler=MotoRequestHandler)


if __name__ == "__main__":
    main()
