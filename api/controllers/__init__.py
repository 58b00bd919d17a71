"""One Litestar Controller per resource. Handlers parse, call the domain, catch the read
models up (read-after-write) and present the result; the rules live in social/,
generation/jobs/ and safety/."""

from api.controllers.auth import AuthController
from api.controllers.characters import CharactersController
from api.controllers.credits import CreditsController
from api.controllers.feed import FeedController
from api.controllers.follows import FollowsController
from api.controllers.generations import GenerationsController
from api.controllers.guardians import GuardiansController
from api.controllers.health import health
from api.controllers.invites import InvitesController
from api.controllers.me import MeController
from api.controllers.models import ModelsController
from api.controllers.notifications import NotificationsController
from api.controllers.reviews import AppealsController, ReportsController, ReviewsController
from api.controllers.users import UsersController
from api.controllers.videos import LibraryController, VideosController
from api.controllers.web import WebController

CONTROLLERS = [
    AuthController, MeController, UsersController, FollowsController, InvitesController,
    GuardiansController, CreditsController, CharactersController, GenerationsController, VideosController,
    LibraryController, AppealsController, ReportsController, ReviewsController, FeedController,
    ModelsController, NotificationsController, WebController,
    health,
]

__all__ = ["CONTROLLERS"]
