"""The HTTP endpoints, one APIRouter per resource."""
