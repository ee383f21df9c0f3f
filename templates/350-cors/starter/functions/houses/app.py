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
        },
        "body": json.dumps(houses),
    }
