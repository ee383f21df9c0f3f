"""GET /houses: the houses for sale, as JSON (Lambda proxy integration)."""
import json

HOUSES = [
    {"id": 1, "name": "Harbor View Cottage", "city": "Busan", "bedrooms": 2, "priceUsd": 310000},
    {"id": 2, "name": "Hanok by the Palace", "city": "Seoul", "bedrooms": 3, "priceUsd": 890000},
    {"id": 3, "name": "Tangerine Farmhouse", "city": "Jeju", "bedrooms": 4, "priceUsd": 540000},
    {"id": 4, "name": "Riverside Loft", "city": "Daegu", "bedrooms": 1, "priceUsd": 220000},
]


def lambda_handler(event, context):
    # With a proxy integration, API Gateway hands the whole HTTP request to this function
    # and sends back exactly what it returns: status code, headers and body.
    params = event.get("queryStringParameters") or {}
    houses = HOUSES
    if params.get("limit", "").isdigit():
        houses = HOUSES[: int(params["limit"])]

    return {
        "statusCode": 200,
        "headers": {
            "Content-Type": "application/json",
            # The fix: a proxy integration has no integration response where API Gateway
            # could add CORS headers, so the function must send this one itself.
            # "*" is fine for a public API called without cookies; name the exact
            # website origin instead if the page ever sends credentials.
            "Access-Control-Allow-Origin": "*",
        },
        "body": json.dumps(houses),
    }
