defmodule ShopWorker do
  @moduledoc false
end
