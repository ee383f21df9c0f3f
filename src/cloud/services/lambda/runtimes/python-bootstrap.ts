/**
 * @module The Python sandbox bootstrap (stdlib only), embedded as text so it ships in dist. It plays the part of
 * awslambdaric: import `module.function` from the task root, build the context object, log like the managed
 * runtime, and answer JSON lines on fd 4 for requests read from fd 3.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/python-handler.html
 * @see https://github.com/aws/aws-lambda-python-runtime-interface-client
 */

// No backticks or dollar-braces below: this is a String.raw template.
export const PYTHON_BOOTSTRAP = String.raw`
import decimal
import importlib
import json
import logging
import os
import socket
import sys
import time
import traceback

MARK = '\x1e\x1eLAMBDA-END\x1e\n'
ctl_in = os.fdopen(3, 'r', encoding='utf-8')
ctl_out = os.fdopen(4, 'w', encoding='utf-8')
class _Tracked:
    # Remembers whether anything was written since the last report: a silent invocation skips the
    # end-of-output mark, so the cloud does not wait on the pipe for it.
    def __init__(self, stream):
        self._stream = stream
        self.wrote = False

    def write(self, text):
        if text:
            self.wrote = True
        return self._stream.write(text)

    def __getattr__(self, name):
        return getattr(self._stream, name)


_raw_stdout = sys.stdout
sys.stdout = sys.stderr = _Tracked(_raw_stdout)
runtime = os.environ.get('AWS_EXECUTION_ENV', '').replace('AWS_Lambda_python', '')
try:
    minor = int(runtime.split('.')[1])
except Exception:
    minor = 0
task_root = os.environ['LAMBDA_TASK_ROOT']
sys.path.insert(0, task_root)
# The task root is read-only, as on Lambda: no __pycache__ in it (a process with the rights to write one anyway,
# such as root, would change the task root, which the next cold start checks file by file).
sys.dont_write_bytecode = True

# Browsers and curl resolve *.localhost to loopback; Python does not, so do it here (the local cloud's hosts).
_getaddrinfo = socket.getaddrinfo
def _local_getaddrinfo(host, *args, **kwargs):
    name = host.decode() if isinstance(host, bytes) else host
    if isinstance(name, str) and (name == 'localhost' or name.endswith('.localhost')):
        host = '127.0.0.1'
    return _getaddrinfo(host, *args, **kwargs)
socket.getaddrinfo = _local_getaddrinfo

current_request_id = None

class _RequestId(logging.Filter):
    def filter(self, record):
        record.aws_request_id = current_request_id
        return True

_formatter = logging.Formatter('[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s', '%Y-%m-%dT%H:%M:%S')
_formatter.converter = time.gmtime
_log_handler = logging.StreamHandler(sys.stdout)
_log_handler.setFormatter(_formatter)
_log_handler.addFilter(_RequestId())
logging.getLogger().addHandler(_log_handler)


class Fault(Exception):
    def __init__(self, error_type, message, trace=None):
        Exception.__init__(self, message)
        self.error_type = error_type
        self.message = message
        self.trace = trace or []


try:
    import resource
except Exception:
    resource = None

# MemorySize as a cap on the address space: an allocation past it raises MemoryError, which ends the runtime as
# Lambda's out-of-memory kill does (below). The cap leaves 1 GiB for address space that is reserved but not
# used (thread stacks, malloc arenas: 8 threads reserve ~600 MB); the cloud's RSS watch holds the exact limit.
if resource is not None:
    try:
        _limit = (int(os.environ.get('AWS_LAMBDA_FUNCTION_MEMORY_SIZE', '128')) + 1024) * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (_limit, _limit))
    except Exception:
        pass


def out_of_memory(request_id):
    # What Lambda reports when it kills a runtime over its memory; the runtime then exits (the cloud kills it).
    message = 'RequestId: ' + str(request_id) + ' Error: Runtime exited with error: signal: killed'
    error = {'errorType': 'Runtime.OutOfMemory', 'errorMessage': message}
    send({'type': 'result', 'requestId': request_id, 'ok': False, 'error': error, 'exiting': True})
    os._exit(137)


def send(message):
    message['logged'] = sys.stdout.wrote
    if sys.stdout.wrote:
        _raw_stdout.write(MARK)
    _raw_stdout.flush()
    sys.stdout.wrote = False
    if resource is not None:
        message['rss'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    # The payload (JSON already, one line) follows its header instead of being encoded again inside it.
    payload = message.pop('payload', None)
    if payload is not None:
        message['payloadFollows'] = True
        ctl_out.write(json.dumps(message) + '\n' + payload + '\n')
    else:
        ctl_out.write(json.dumps(message) + '\n')
    ctl_out.flush()


def user_frames(tb):
    return traceback.format_list([f for f in traceback.extract_tb(tb) if f.filename != __file__])


def error_of(e, request_id):
    if isinstance(e, Fault):
        error_type, message, trace = e.error_type, e.message, e.trace
    else:
        error_type, message, trace = type(e).__name__, str(e), user_frames(e.__traceback__)
    out = {'errorMessage': message, 'errorType': error_type}
    if minor >= 12:
        out['requestId'] = request_id or ''
    out['stackTrace'] = trace
    return out


def log_error(error):
    lines = ['[ERROR] ' + error['errorType'] + ': ' + error['errorMessage']]
    if error['stackTrace']:
        lines.append('Traceback (most recent call last):')
        lines.extend(s.rstrip('\n') for s in error['stackTrace'])
    print('\n'.join(lines))


def load():
    handler = os.environ.get('_HANDLER', '')
    try:
        modname, fname = handler.rsplit('.', 1)
    except ValueError as e:
        raise Fault('Runtime.MalformedHandlerName', "Bad handler '" + handler + "': " + str(e))
    modname = modname.replace('/', '.')
    try:
        module = importlib.import_module(modname)
    except ImportError as e:
        raise Fault('Runtime.ImportModuleError', "Unable to import module '" + modname + "': " + str(e))
    except SyntaxError as e:
        # Like awslambdaric: the offending file, line and source, not the import machinery's frames.
        where = '  File "' + str(e.filename) + '" Line ' + str(e.lineno) + '\n        ' + (e.text or '').strip() + '\n'
        raise Fault('Runtime.UserCodeSyntaxError', "Syntax error in module '" + modname + "': " + str(e), [where])
    fn = getattr(module, fname, None)
    if fn is None:
        raise Fault('Runtime.HandlerNotFound', "Handler '" + fname + "' missing on module '" + modname + "'")
    return fn


class LambdaContext(object):
    def __init__(self, req):
        self.aws_request_id = req['requestId']
        self.invoked_function_arn = req['invokedFunctionArn']
        self.function_name = os.environ.get('AWS_LAMBDA_FUNCTION_NAME')
        self.function_version = os.environ.get('AWS_LAMBDA_FUNCTION_VERSION')
        self.memory_limit_in_mb = os.environ.get('AWS_LAMBDA_FUNCTION_MEMORY_SIZE')
        self.log_group_name = os.environ.get('AWS_LAMBDA_LOG_GROUP_NAME')
        self.log_stream_name = os.environ.get('AWS_LAMBDA_LOG_STREAM_NAME')
        self.client_context = req.get('clientContext')
        self.identity = None
        # The timeout runs from the start of this invocation, not from when the cloud sent it.
        self._deadline = time.time() * 1000 + req['timeoutMs']

    def get_remaining_time_in_millis(self):
        return int(max(self._deadline - time.time() * 1000, 0))


def decimal_serializer(o):
    if isinstance(o, decimal.Decimal):
        return float(o)
    raise TypeError(repr(o) + ' is not JSON serializable')


try:
    handler = load()
    send({'type': 'ready'})
except Exception as e:
    error = error_of(e, None)
    log_error(error)
    send({'type': 'initError', 'error': error})
    sys.exit(0)

for line in ctl_in:
    req = json.loads(line)
    current_request_id = req['requestId']
    # The event usually follows on its own line (see sandbox.ts); one with line breaks comes inside the header.
    raw_event = ctl_in.readline()[:-1] if req.get('eventFollows') else req['event']
    try:
        event = json.loads(raw_event)
    except Exception:
        event = raw_event
    try:
        try:
            result = handler(event, LambdaContext(req))
        except MemoryError:
            out_of_memory(req['requestId'])
        try:
            payload = json.dumps(result, default=decimal_serializer)
        except Exception as e:
            raise Fault('Runtime.MarshalError', 'Unable to marshal response: ' + str(e))
        send({'type': 'result', 'requestId': req['requestId'], 'ok': True, 'payload': payload})
    except Exception as e:
        error = error_of(e, current_request_id)
        log_error(error)
        send({'type': 'result', 'requestId': req['requestId'], 'ok': False, 'error': error})
`
