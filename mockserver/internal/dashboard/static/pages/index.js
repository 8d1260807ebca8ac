// The page registry: the nav shows the pages in this order, the router
// finds them by id (#/<id>), the first is the home page. To add a page,
// import its module here and put it in the list (see the package doc).

import world from "./world.js";
import requests from "./requests.js";
import inbox from "./inbox.js";
import callbacks from "./callbacks.js";
import logins from "./logins.js";
import clock from "./clock.js";

export default [world, requests, inbox, callbacks, logins, clock];
