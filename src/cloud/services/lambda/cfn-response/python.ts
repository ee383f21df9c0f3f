/**
 * @module `cfnresponse` for Python inline code, written for this project from AWS's description of the module:
 * `SUCCESS`, `FAILED` and `send(event, context, responseStatus, responseData, physicalResourceId=None,
 * noEcho=False, reason=None)`, which PUTs the response object as JSON to the event's presigned `ResponseURL`,
 * unchanged. Standard library only (urllib), as the module must work without packages.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cfn-lambda-function-code-cfnresponsemodule.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref.html#crpg-ref-responses
 */
export const PYTHON_CFN_RESPONSE = `# cfnresponse as provided to inline (ZipFile) code by the apigw-labs local cloud.
import json
import urllib.request

SUCCESS = "SUCCESS"
FAILED = "FAILED"


def send(event, context, responseStatus, responseData, physicalResourceId=None, noEcho=False, reason=None):
    log_stream = getattr(context, "log_stream_name", None)
    body = json.dumps({
        "Status": responseStatus,
        "Reason": reason or "See the details in CloudWatch Log Stream: {}".format(log_stream),
        "PhysicalResourceId": physicalResourceId or log_stream,
        "StackId": event["StackId"],
        "RequestId": event["RequestId"],
        "LogicalResourceId": event["LogicalResourceId"],
        "NoEcho": noEcho,
        "Data": responseData,
    })
    print("Response body:")
    print(body)
    data = body.encode("utf-8")
    request = urllib.request.Request(event["ResponseURL"], data=data, method="PUT",
                                     headers={"Content-Type": "", "Content-Length": str(len(data))})
    try:
        with urllib.request.urlopen(request) as response:
            print("Status code:", response.status)
    except Exception as e:
        print("send(..) failed executing http.request(..):", e)
`
